package crawl

import (
	"math"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/govops-kit/govops"
)

// validate reports every bad field of cfg at once, named as the API names
// them ("start[0]", "max_pages"), so that a form can mark each.
func (cfg Config) validate(needStart bool) error {
	var p govops.Problems
	if needStart && len(cfg.Start) == 0 {
		p.Add("start", "is required: give the site's home page (an absolute http or https URL)")
	}
	for i, s := range cfg.Start {
		if _, err := parseHTTPURL(s); err != nil {
			p.Addf("start["+strconv.Itoa(i)+"]", "%s", err.Error())
		}
	}
	for i, h := range cfg.Hosts {
		if !validHost(h) {
			p.Add("hosts["+strconv.Itoa(i)+"]", "must be a host name, optionally with a port (example.gov.cn or example.gov.cn:8080), without a scheme or path")
		}
	}
	if cfg.MaxPages < 0 {
		p.Add("max_pages", "must not be negative (0 takes the default)")
	}
	if cfg.MaxPageBytes < 0 {
		p.Add("max_page_bytes", "must not be negative (0 takes the default)")
	}
	if cfg.Timeout < 0 {
		p.Add("timeout", "must not be negative (0 takes the default of 15 s)")
	}
	if cfg.MaxRedirects < 0 {
		p.Add("max_redirects", "must not be negative (0 takes the default)")
	}
	if cfg.Concurrency < 0 {
		p.Add("concurrency", "must not be negative (0 takes the default)")
	}
	if math.IsNaN(cfg.HostRate) || math.IsInf(cfg.HostRate, 0) {
		p.Add("host_rate", "must be a number of requests per second (negative for unbounded)")
	}
	if cfg.ProgressEvery < 0 {
		p.Add("progress_every", "must not be negative (0 takes the default of 1 s)")
	}
	return p.Err()
}

// withDefaults returns cfg with every zero limit set to its default.
func (cfg Config) withDefaults() Config {
	if cfg.MaxPages == 0 {
		cfg.MaxPages = DefaultMaxPages
	}
	if cfg.MaxPageBytes == 0 {
		cfg.MaxPageBytes = DefaultMaxPageBytes
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxRedirects == 0 {
		cfg.MaxRedirects = DefaultMaxRedirects
	}
	if cfg.Concurrency == 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.HostRate == 0 {
		cfg.HostRate = DefaultHostRate
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.ProgressEvery == 0 {
		cfg.ProgressEvery = time.Second
	}
	return cfg
}

// parseHTTPURL parses s as an absolute http or https URL with a host, and
// says what is wrong otherwise, in words a user can act on.
func parseHTTPURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, govops.Errorf(govops.EINVALID, "is not a URL: give an absolute http or https URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, govops.Errorf(govops.EINVALID, "must be an absolute http or https URL (%q has no http or https scheme)", s)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, govops.Errorf(govops.EINVALID, "must name a host (%q has none)", s)
	}
	normalize(u)
	return u, nil
}

// validHost reports whether h is a host name or address with an optional
// port, as Config.Hosts takes them.
func validHost(h string) bool {
	if h == "" || strings.ContainsAny(h, "/?#@ \t\r\n") {
		return false
	}
	if host, port, err := net.SplitHostPort(h); err == nil {
		return host != "" && port != ""
	}
	return !strings.Contains(h, ":") || strings.HasPrefix(h, "[")
}
