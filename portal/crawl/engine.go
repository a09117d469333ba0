package crawl

import (
	"bytes"
	"context"
	"hash/maphash"
	"io"
	"net/url"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// engine is one Run: a queue of distinct targets (URLs without their
// fragment), each requested once by a pool of Concurrency workers, and the
// links that wait for a target's outcome.
//
// Memory is what bounds the design. A page's body, text and links live
// only while a worker handles it. What stays is a URL string per target,
// the ids of the parsed pages as 64-bit hashes (for fragment checks of
// links found later), and, for each target not yet fetched, the links that
// point to it (page, target, text): once the target is fetched they are
// judged and dropped.
type engine struct {
	cfg      Config
	c        *client
	site     siteHosts
	robots   *robotsCache
	wantText bool
	seed     maphash.Seed

	mu       sync.Mutex
	cond     *sync.Cond
	targets  map[string]*target
	queue    []*target
	head     int
	active   int
	internal int // the site's targets admitted, at most MaxPages
	external int // other hosts' targets admitted, at most MaxPages
	serial   uint32
	ids      map[idKey]struct{}
	res      Result
}

// target is one distinct URL to fetch.
type target struct {
	url      string
	serial   uint32
	internal bool
	start    bool
	done     bool
	idsKnown bool    // an HTML page of the site, read whole: its ids are in engine.ids
	alias    *target // the target this one redirected to, fetched on its own
	fail     *failInfo
	refs     []ref // links waiting for the outcome
}

// ref is one link to a target, from a page.
type ref struct {
	page, target, text string
}

type failInfo struct {
	kind   Failure
	status int
	detail string
}

type idKey struct {
	page uint32
	id   uint64
}

// siteHosts is the site's scope: hosts with a port match exactly, hosts
// without one match on any port.
type siteHosts struct {
	exact map[string]bool
	names map[string]bool
}

func newSiteHosts(start []*url.URL, more []string) siteHosts {
	s := siteHosts{exact: map[string]bool{}, names: map[string]bool{}}
	for _, u := range start {
		s.exact[u.Host] = true
	}
	for _, h := range more {
		h = strings.ToLower(h)
		if strings.Contains(strings.TrimPrefix(h, "["), "]:") || (!strings.HasPrefix(h, "[") && strings.Contains(h, ":")) {
			s.exact[h] = true
		} else {
			s.names[strings.Trim(h, "[]")] = true
		}
	}
	return s
}

func (s siteHosts) has(u *url.URL) bool {
	return s.exact[u.Host] || (len(s.names) > 0 && s.names[u.Hostname()])
}

func newEngine(cfg Config, start []*url.URL) *engine {
	e := &engine{
		cfg:      cfg,
		c:        newClient(cfg),
		site:     newSiteHosts(start, cfg.Hosts),
		wantText: cfg.OnPage != nil,
		seed:     maphash.MakeSeed(),
		targets:  map[string]*target{},
		ids:      map[idKey]struct{}{},
	}
	e.cond = sync.NewCond(&e.mu)
	e.c.slots = make(chan struct{}, cfg.Concurrency)
	e.c.known = func(key string) bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		return e.targets[key] != nil
	}
	e.robots = &robotsCache{c: e.c, m: map[string]*robotsEntry{}}
	return e
}

func (e *engine) run(ctx context.Context, start []*url.URL) (*Result, error) {
	began := time.Now()
	defer e.c.close()
	e.mu.Lock()
	for _, u := range start {
		if t := e.admit(u.String(), u); t != nil {
			t.start = true
		}
	}
	e.mu.Unlock()

	stop := make(chan struct{})
	var watchers sync.WaitGroup
	watchers.Add(1)
	go func() {
		// Wake the idle workers when ctx ends, so that they stop at once.
		defer watchers.Done()
		select {
		case <-ctx.Done():
			e.mu.Lock()
			e.cond.Broadcast()
			e.mu.Unlock()
		case <-stop:
		}
	}()
	if e.cfg.OnProgress != nil {
		watchers.Add(1)
		go func() {
			defer watchers.Done()
			tick := time.NewTicker(e.cfg.ProgressEvery)
			defer tick.Stop()
			for {
				select {
				case <-tick.C:
					e.cfg.OnProgress(e.progress())
				case <-stop:
					return
				}
			}
		}()
	}

	// Concurrency requests in flight, and GOMAXPROCS more workers, so
	// that pages are parsed while the slots are busy with the next.
	var workers sync.WaitGroup
	for range e.cfg.Concurrency + runtime.GOMAXPROCS(0) {
		workers.Add(1)
		go func() {
			defer workers.Done()
			e.work(ctx)
		}()
	}
	workers.Wait()
	close(stop)
	watchers.Wait()

	e.mu.Lock()
	res := e.res
	res.Progress = e.progressLocked()
	e.mu.Unlock()
	res.Elapsed = time.Since(began)
	sort.SliceStable(res.Broken, func(i, j int) bool {
		a, b := res.Broken[i], res.Broken[j]
		if a.Page != b.Page {
			return a.Page < b.Page
		}
		return a.Target < b.Target
	})
	if e.cfg.OnProgress != nil {
		e.cfg.OnProgress(res.Progress)
	}
	return &res, ctx.Err()
}

func (e *engine) progress() Progress {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.progressLocked()
}

func (e *engine) progressLocked() Progress {
	p := e.res.Progress
	p.Queued = len(e.queue) - e.head
	p.Broken = len(e.res.Broken)
	return p
}

// work takes targets off the queue until it is empty with no worker busy
// (nothing more can come) or ctx is done.
func (e *engine) work(ctx context.Context) {
	sc := &scratch{buf: new(bytes.Buffer), seen: map[string]struct{}{}}
	for {
		e.mu.Lock()
		for e.head == len(e.queue) && e.active > 0 && ctx.Err() == nil {
			e.cond.Wait()
		}
		if ctx.Err() != nil || e.head == len(e.queue) {
			e.cond.Broadcast()
			e.mu.Unlock()
			return
		}
		t := e.queue[e.head]
		e.queue[e.head] = nil
		e.head++
		if e.head > 1024 && e.head*2 > len(e.queue) {
			n := copy(e.queue, e.queue[e.head:])
			clear(e.queue[n:])
			e.queue, e.head = e.queue[:n], 0
		}
		e.active++
		e.mu.Unlock()

		e.fetch(ctx, t, sc)

		e.mu.Lock()
		e.active--
		if e.active == 0 && e.head == len(e.queue) {
			e.cond.Broadcast()
		}
		e.mu.Unlock()
	}
}

// admit makes a target of key and queues it, unless the limits say no;
// u is key parsed, or nil. Called with mu held.
func (e *engine) admit(key string, u *url.URL) *target {
	if u == nil {
		var err error
		if u, err = url.Parse(key); err != nil {
			return nil
		}
	}
	internal := e.site.has(u)
	switch {
	case internal && e.internal >= e.cfg.MaxPages, !internal && e.external >= e.cfg.MaxPages:
		e.res.Limited = true
		return nil
	case !internal && e.cfg.SkipExternal:
		return nil
	case internal:
		e.internal++
	default:
		e.external++
	}
	t := &target{url: key, serial: e.serial, internal: internal}
	e.serial++
	e.targets[key] = t
	e.queue = append(e.queue, t)
	e.cond.Signal()
	return t
}

// fetch requests one target and, for an HTML page of the site, parses it
// and follows its links.
func (e *engine) fetch(ctx context.Context, t *target, sc *scratch) {
	if t.internal && e.cfg.Robots {
		u, err := url.Parse(t.url)
		if err != nil {
			e.finish(t, &failInfo{kind: FailInvalid, detail: "not a URL that can be requested"})
			return
		}
		if !e.robots.allowed(ctx, u) {
			if ctx.Err() == nil {
				e.finish(t, nil) // not fetched: its links are neither broken nor known good
			}
			return
		}
	}
	r, err := e.c.get(ctx, t.url)
	if err != nil {
		return // ctx is done: the crawl ends with t unjudged
	}
	defer r.close()
	if t.internal {
		e.mu.Lock()
		e.res.Pages++
		e.mu.Unlock()
	}
	if r.fail != "" {
		e.finish(t, &failInfo{kind: r.fail, status: r.status, detail: r.detail})
		return
	}
	if r.status >= 300 && r.status < 400 && len(r.hops) > 0 {
		// Stopped before a target the crawl requests anyway: t's outcome
		// is that target's.
		last := r.hops[len(r.hops)-1].To
		key, _, _ := strings.Cut(last, "#")
		e.mu.Lock()
		defer e.mu.Unlock()
		if t.internal {
			e.res.Redirects = append(e.res.Redirects, r.hops...)
		}
		if f := e.targets[key]; f != nil && f != t {
			t.alias = f
		}
		e.settle(t)
		return
	}
	if !t.internal {
		e.finish(t, nil)
		return
	}
	final := *r.resp.Request.URL
	final.Fragment, final.RawFragment = "", ""
	normalize(&final)
	finalKey := final.String()
	if len(r.hops) > 0 {
		e.mu.Lock()
		e.res.Redirects = append(e.res.Redirects, r.hops...)
		e.mu.Unlock()
	}
	ct := r.resp.Header.Get("Content-Type")
	if !e.site.has(&final) || !isHTML(ct) {
		e.finish(t, nil) // checked, not parsed: a PDF, an image, or a page off the site
		return
	}
	if finalKey != t.url {
		e.mu.Lock()
		f := e.targets[finalKey]
		if f == nil {
			e.targets[finalKey] = t
		} else if f != t {
			t.alias = f // the page it leads to is fetched as itself
			e.settle(t)
		}
		e.mu.Unlock()
		if f != nil && f != t {
			return
		}
	}

	page := &Page{URL: finalKey, Redirects: r.hops, Status: r.status}
	buf := sc.buf
	buf.Reset()
	truncated, readErr := r.readBody(buf, e.cfg.MaxPageBytes)
	if readErr != nil && ctx.Err() != nil {
		return
	}
	// A body cut short by the connection is parsed as far as it came.
	page.Truncated = truncated || readErr != nil
	parseInto(page, &final, decode(buf.Bytes(), ct), e.wantText)
	bytesRead := int64(buf.Len())
	if buf.Cap() > 1<<20 {
		sc.buf = new(bytes.Buffer) // keep no large page's buffer
	}
	if e.cfg.OnPage != nil {
		e.cfg.OnPage(*page)
	}

	// Split the links and hash the ids outside the lock.
	keys := sc.keys[:0]
	for _, l := range page.Links {
		key, _, _ := strings.Cut(l.Target, "#")
		keys = append(keys, key)
	}
	sc.keys = keys
	idHashes := sc.ids[:0]
	if !page.Truncated {
		for _, id := range page.IDs {
			idHashes = append(idHashes, maphash.String(e.seed, id))
		}
	}
	sc.ids = idHashes
	clear(sc.seen)

	e.mu.Lock()
	defer e.mu.Unlock()
	e.res.Bytes += bytesRead
	e.res.Links += len(page.Links)
	for _, h := range idHashes {
		e.ids[idKey{t.serial, h}] = struct{}{}
	}
	t.idsKnown = !page.Truncated
	e.settle(t)
	for i, l := range page.Links {
		if _, dup := sc.seen[l.Target]; dup {
			continue
		}
		sc.seen[l.Target] = struct{}{}
		lt := e.targets[keys[i]]
		if lt == nil {
			if lt = e.admit(keys[i], nil); lt == nil {
				continue
			}
		}
		e.refer(lt, ref{page: finalKey, target: l.Target, text: l.Text})
	}
}

// scratch is one worker's reused memory.
type scratch struct {
	buf  *bytes.Buffer
	keys []string
	ids  []uint64
	seen map[string]struct{}
}

// finish records t's outcome and judges the links that wait for it.
func (e *engine) finish(t *target, fail *failInfo) {
	e.mu.Lock()
	defer e.mu.Unlock()
	t.fail = fail
	e.settle(t)
}

// settle marks t done and judges its waiting links. Called with mu held.
func (e *engine) settle(t *target) {
	t.done = true
	if t.start && t.fail != nil {
		e.report(ref{target: t.url}, t.fail)
	}
	refs := t.refs
	t.refs = nil
	for _, r := range refs {
		e.refer(t, r)
	}
}

// refer judges one link to t now, or keeps it until t is fetched.
// Called with mu held.
func (e *engine) refer(t *target, r ref) {
	for range 8 { // follow aliases, never round a cycle
		if !t.done {
			t.refs = append(t.refs, r)
			return
		}
		if t.alias == nil {
			break
		}
		t = t.alias
	}
	if t.fail != nil {
		e.report(r, t.fail)
		return
	}
	_, frag := splitFragment(r.target)
	if frag == "" || strings.EqualFold(frag, "top") || !t.idsKnown {
		return
	}
	if _, ok := e.ids[idKey{t.serial, maphash.String(e.seed, frag)}]; !ok {
		e.report(r, &failInfo{kind: FailFragment, detail: "the page has no element with id or name " + quote(frag)})
	}
}

func (e *engine) report(r ref, f *failInfo) {
	e.res.Broken = append(e.res.Broken, Broken{
		Page: r.page, Target: r.target, Text: r.text,
		Failure: f.kind, Status: f.status, Detail: f.detail,
	})
}

func quote(s string) string { return "\"" + s + "\"" }

// limitReader reads at most n bytes, then notes whether more were there.
type limitReader struct {
	r         io.Reader
	n         int64
	read      int64
	truncated bool
	probed    bool
}

func (l *limitReader) Read(b []byte) (int, error) {
	if l.n <= 0 {
		if !l.probed {
			l.probed = true
			var one [1]byte
			if k, _ := io.ReadFull(l.r, one[:]); k > 0 {
				l.truncated = true
			}
		}
		return 0, io.EOF
	}
	if int64(len(b)) > l.n {
		b = b[:l.n]
	}
	k, err := l.r.Read(b)
	l.n -= int64(k)
	l.read += int64(k)
	return k, err
}
