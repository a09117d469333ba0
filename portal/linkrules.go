package portal

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/govops-kit/govops/portal/crawl"
)

// linkRules decides whether a link of a site's page is a wrong link (错链),
// and why. A link is wrong, in this order, when:
//
//  1. its target's host is on the parked list (WithParkedDomains) or a
//     subdomain of one: "域名已过期或被停放：host";
//  2. its target's host is neither the site's own host, nor one of the
//     site's Domains, nor a subdomain of either: "域名不在白名单：host";
//  3. its anchor text names a different site than the target: the text
//     holds a domain name that is neither the target's host nor a domain
//     above or below it, or the text is exactly the Name of a registered
//     site whose host (or Domains) the target is not on:
//     "链接文字指向「…」，实际指向 host".
//
// Only http and https targets are judged.
type linkRules struct {
	host    string
	allowed []string
	parked  []string
	names   map[string][]string // a registered site's name → its hosts and domains
}

// newLinkRules returns the rules of site, knowing every registered site.
func newLinkRules(site *Site, sites []Site, parked []string) *linkRules {
	r := &linkRules{host: hostOf(site.Home), allowed: site.Domains, parked: parked, names: map[string][]string{}}
	for _, o := range sites {
		if n := strings.TrimSpace(o.Name); n != "" {
			r.names[n] = append(r.names[n], append([]string{hostOf(o.Home)}, o.Domains...)...)
		}
	}
	return r
}

// wrong returns the reason the link l is a wrong link, "" when it is not.
func (r *linkRules) wrong(l crawl.Link) string {
	u, err := url.Parse(l.Target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	h := strings.ToLower(u.Hostname())
	if h == "" {
		return ""
	}
	for _, d := range r.parked {
		if underDomain(h, d) {
			return "域名已过期或被停放：" + h
		}
	}
	if !r.allows(h) {
		return "域名不在白名单：" + h
	}
	txt := strings.TrimSpace(l.Text)
	for _, d := range domainsIn(txt) {
		if !underDomain(h, d) && !underDomain(d, h) {
			return fmt.Sprintf("链接文字指向「%s」，实际指向 %s", d, h)
		}
	}
	if hosts, ok := r.names[txt]; ok && !anyUnder(h, hosts) {
		return fmt.Sprintf("链接文字指向「%s」，实际指向 %s", txt, h)
	}
	return ""
}

// allows reports whether host is on the site's allow-list.
func (r *linkRules) allows(host string) bool {
	return underDomain(host, r.host) || anyUnder(host, r.allowed)
}

// anyUnder reports whether host is one of domains or under one.
func anyUnder(host string, domains []string) bool {
	for _, d := range domains {
		if underDomain(host, d) {
			return true
		}
	}
	return false
}

// domainsIn returns the domain names text holds: runs of letters, digits,
// '-' and '.' with at least two labels, the last one letters only
// ("www.gov.cn", "beijing.gov.cn"), lower-cased. A URL in the text gives
// its host.
func domainsIn(text string) []string {
	var out []string
	for _, tok := range strings.FieldsFunc(text, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.')
	}) {
		tok = strings.Trim(strings.ToLower(tok), ".-")
		labels := strings.Split(tok, ".")
		if len(labels) < 2 {
			continue
		}
		ok := true
		for _, l := range labels {
			if l == "" || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
				ok = false
			}
		}
		tld := labels[len(labels)-1]
		if len(tld) < 2 || strings.ContainsFunc(tld, func(r rune) bool { return r < 'a' || r > 'z' }) {
			ok = false
		}
		if ok {
			out = append(out, tok)
		}
	}
	return out
}

// brokenReason says in Chinese why a link is broken.
func brokenReason(b crawl.Broken) string {
	switch b.Failure {
	case crawl.FailStatus:
		return fmt.Sprintf("目标返回 %d", b.Status)
	case crawl.FailDNS:
		return "域名无法解析"
	case crawl.FailConnect:
		return "连接失败"
	case crawl.FailTimeout:
		return "请求超时"
	case crawl.FailRedirects:
		return "重定向过多"
	case crawl.FailFragment:
		frag := ""
		if u, err := url.Parse(b.Target); err == nil {
			frag = u.Fragment
		}
		return "页内锚点不存在：#" + frag
	case crawl.FailBlocked:
		return "地址不允许访问"
	}
	if b.Detail != "" {
		return "链接不可用：" + b.Detail
	}
	return "链接不可用"
}

// findingKey returns the key of a problem (see Finding.Key).
func findingKey(k FindingKind, page, what string) string {
	return string(k) + "|" + page + "|" + what
}
