package crawl

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/url"
	"strings"
	"sync"
)

// maxRobotsBytes is the part of a robots.txt that is read, as RFC 9309
// asks crawlers to read at least 500 KiB.
const maxRobotsBytes = 500 << 10

// Robots is the part of a robots.txt that applies to one user agent: its
// allow and disallow rules. The zero Robots allows everything.
type Robots struct {
	rules       []robotsRule
	disallowAll bool
}

type robotsRule struct {
	allow   bool
	pattern string
}

// ParseRobots reads a robots.txt (RFC 9309) and keeps the rules of the
// groups for userAgent's product token (the part before the first "/",
// compared without regard to case), or of the "*" groups when no group
// names it. Crawl-delay and sitemap lines are ignored: the crawler's own
// rate limit applies.
func ParseRobots(r io.Reader, userAgent string) *Robots {
	token := strings.ToLower(userAgent)
	if i := strings.IndexAny(token, "/ "); i >= 0 {
		token = token[:i]
	}
	var own, any []robotsRule
	var ownFound bool
	var agents []string
	inRules := false
	sc := bufio.NewScanner(io.LimitReader(r, maxRobotsBytes))
	sc.Buffer(make([]byte, 0, 4096), maxRobotsBytes)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		switch key {
		case "user-agent":
			if inRules {
				agents, inRules = nil, false
			}
			agent := strings.ToLower(value)
			agents = append(agents, agent)
			// A group naming the agent counts even with no rules: it
			// allows everything, whatever "*" says.
			ownFound = ownFound || agent == token
		case "allow", "disallow":
			inRules = true
			if value == "" {
				continue // an empty rule matches nothing
			}
			rule := robotsRule{allow: key == "allow", pattern: value}
			for _, a := range agents {
				switch {
				case a == token:
					own = append(own, rule)
				case a == "*":
					any = append(any, rule)
				}
			}
		}
	}
	if ownFound {
		return &Robots{rules: own}
	}
	return &Robots{rules: any}
}

// Allowed reports whether the path and query of u may be fetched: the
// longest matching rule wins, an allow rule winning a tie, and a path no
// rule matches is allowed. /robots.txt itself is always allowed.
func (rb *Robots) Allowed(u *url.URL) bool {
	if rb == nil {
		return true
	}
	if rb.disallowAll {
		return u.Path == "/robots.txt"
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if path == "/robots.txt" {
		return true
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	best, allowed := -1, true
	for _, r := range rb.rules {
		if !robotsMatch(r.pattern, path) {
			continue
		}
		if n := len(r.pattern); n > best || (n == best && r.allow) {
			best, allowed = n, r.allow
		}
	}
	return allowed
}

// robotsMatch reports whether path matches a robots.txt pattern: a prefix
// match, where "*" is any run of characters and a final "$" anchors the
// end.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	pos := len(parts[0])
	if len(parts) == 1 {
		return !anchored || pos == len(path)
	}
	for _, part := range parts[1 : len(parts)-1] {
		i := strings.Index(path[pos:], part)
		if i < 0 {
			return false
		}
		pos += i + len(part)
	}
	last := parts[len(parts)-1]
	if anchored {
		return len(path)-pos >= len(last) && strings.HasSuffix(path, last)
	}
	return strings.Contains(path[pos:], last)
}

// robotsCache fetches each host's robots.txt once per crawl.
type robotsCache struct {
	c  *client
	mu sync.Mutex
	m  map[string]*robotsEntry
}

type robotsEntry struct {
	once sync.Once
	rb   *Robots
}

// allowed reports whether u may be fetched under its host's robots.txt.
// A robots.txt that is missing (4xx) allows everything; one that cannot
// be had (5xx, unreachable) disallows everything, as RFC 9309 says.
func (rc *robotsCache) allowed(ctx context.Context, u *url.URL) bool {
	origin := u.Scheme + "://" + u.Host
	rc.mu.Lock()
	e := rc.m[origin]
	if e == nil {
		e = &robotsEntry{}
		rc.m[origin] = e
	}
	rc.mu.Unlock()
	e.once.Do(func() { e.rb = rc.fetch(ctx, origin) })
	return e.rb.Allowed(u)
}

func (rc *robotsCache) fetch(ctx context.Context, origin string) *Robots {
	r, err := rc.c.get(ctx, origin+"/robots.txt")
	if err != nil {
		return &Robots{}
	}
	defer r.close()
	switch {
	case r.resp == nil || r.status >= 500:
		return &Robots{disallowAll: true}
	case r.status >= 400:
		return &Robots{}
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(io.LimitReader(r.resp.Body, maxRobotsBytes))
	return ParseRobots(&buf, rc.c.cfg.UserAgent)
}
