package console

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
)

// Cookie names. The session cookie holds the session's secret, which the
// server keeps only hashed; the sign-in cookie holds the CSRF secret of
// the sign-in form, before there is a session.
const (
	SessionCookie = "govops_session"
	SignInCookie  = "govops_signin"
)

// ContentSecurityPolicy is sent with every console answer: no script at
// all, styles and images from the server only, no framing, and forms that
// post only back to it.
const ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// request is one request to a console page.
type request struct {
	w   http.ResponseWriter
	r   bunrouter.Request
	ctx context.Context
	// s is the session; the zero Session on public routes.
	s Session
	// csrf is the token every form of the page carries.
	csrf string
	// secret is the session's secret, from its cookie.
	secret string
}

// Actor is who the request acts as.
func (rq *request) Actor() govops.Actor { return rq.s.Actor }

// Param returns the path parameter name.
func (rq *request) Param(name string) string { return rq.r.Param(name) }

// Query returns the query parameter name, trimmed.
func (rq *request) Query(name string) string { return strings.TrimSpace(rq.r.URL.Query().Get(name)) }

// Form returns the posted form field name, trimmed. The form is parsed
// (and its CSRF token checked) before a handler runs.
func (rq *request) Form(name string) string { return strings.TrimSpace(rq.r.PostFormValue(name)) }

// wrap turns a route into a bunrouter handler: security headers, the
// session, the CSRF check of every POST, and errors shown as pages.
func (c *Console) wrap(rt route) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		rq := &request{w: w, r: req, ctx: req.Context()}
		err := c.serve(rt, rq)
		if err != nil {
			c.renderError(rq, err)
		}
		return nil
	}
}

func (c *Console) serve(rt route, rq *request) error {
	if !strings.HasPrefix(rt.path, "/assets/") && rt.path != "/favicon.ico" {
		rq.w.Header().Set("Cache-Control", "no-store")
	}
	if ck, err := rq.r.Cookie(SessionCookie); err == nil && ck.Value != "" {
		s, err := c.backend.Session(rq.ctx, ck.Value)
		if err == nil {
			rq.s, rq.secret, rq.csrf = s, ck.Value, csrfToken(ck.Value)
		} else if govops.ErrorCode(err) != govops.EUNAUTHORIZED {
			return err
		} else {
			c.clearCookie(rq, SessionCookie)
		}
	}
	if !rt.public && rq.secret == "" {
		if rq.r.Method == http.MethodGet {
			return c.redirect(rq, "/signin?next="+url.QueryEscape(rq.r.URL.RequestURI()))
		}
		return govops.Errorf(govops.EUNAUTHORIZED, "请先登录")
	}
	if rt.admin && !rq.s.Admin() {
		return govops.Errorf(govops.EFORBIDDEN, "只有管理员可以访问此页面")
	}
	if rq.r.Method == http.MethodPost && rt.path != "/signin" {
		if err := rq.r.ParseMultipartForm(maxForm); err != nil && !errors.Is(err, http.ErrNotMultipart) {
			return govops.Errorf(govops.EINVALID, "无法读取表单：%v", err)
		}
		if !sameToken(rq.r.PostFormValue("csrf"), rq.csrf) {
			return errCSRF
		}
	}
	return rt.h(rq)
}

// maxForm bounds a posted form held in memory; larger uploads spill to
// temporary files, as net/http does.
const maxForm = 8 << 20

var errCSRF = govops.Errorf(govops.EFORBIDDEN, "表单已失效或来源不明（CSRF 校验失败），请刷新页面后重试")

// csrfToken derives the CSRF token of a session from its secret: a form
// from another session, or from no page of this one, does not carry it.
func csrfToken(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("govops console csrf"))
	return hex.EncodeToString(m.Sum(nil))
}

func sameToken(got, want string) bool {
	return want != "" && len(got) == len(want) && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// secure reports whether the request came over TLS, directly or through a
// proxy that says so.
func secure(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func (c *Console) setCookie(rq *request, name, value string, expires time.Time) {
	http.SetCookie(rq.w, &http.Cookie{
		Name: name, Value: value, Path: "/", Expires: expires, MaxAge: int(time.Until(expires).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: secure(rq.r.Request),
	})
}

func (c *Console) clearCookie(rq *request, name string) {
	http.SetCookie(rq.w, &http.Cookie{
		Name: name, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: secure(rq.r.Request),
	})
}

// signInPage shows the sign-in form. Its CSRF token is a random secret
// kept in a cookie of its own (double submit), as there is no session yet.
func (c *Console) signInPage(rq *request) error {
	if rq.secret != "" {
		return c.redirect(rq, safeNext(rq.Query("next")))
	}
	return c.showSignIn(rq, http.StatusOK, "", nil)
}

func (c *Console) showSignIn(rq *request, status int, next string, errs map[string]string) error {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	secret := hex.EncodeToString(b[:])
	c.setCookie(rq, SignInCookie, secret, c.now().Add(time.Hour))
	rq.csrf = csrfToken(secret)
	if next == "" {
		next = safeNext(rq.Query("next"))
	}
	return c.render(rq, status, "signin", "登录", map[string]any{"Next": next, "Errors": errs})
}

// signIn turns a token into a session. The token travels only in the
// posted form and never comes back in a page, a URL or a cookie.
func (c *Console) signIn(rq *request) error {
	if err := rq.r.ParseForm(); err != nil {
		return govops.Errorf(govops.EINVALID, "无法读取表单：%v", err)
	}
	ck, err := rq.r.Cookie(SignInCookie)
	if err != nil || !sameToken(rq.r.PostFormValue("csrf"), csrfToken(ck.Value)) {
		return errCSRF
	}
	next := safeNext(rq.Form("next"))
	token := rq.Form("token")
	if token == "" {
		return c.showSignIn(rq, http.StatusUnprocessableEntity, next, map[string]string{"token": "请输入访问令牌"})
	}
	s, secret, err := c.backend.SignIn(rq.ctx, token)
	if govops.ErrorCode(err) == govops.EUNAUTHORIZED {
		return c.showSignIn(rq, http.StatusUnauthorized, next, map[string]string{"token": "令牌无效或已吊销"})
	}
	if err != nil {
		return err
	}
	c.clearCookie(rq, SignInCookie)
	c.setCookie(rq, SessionCookie, secret, s.ExpiresAt)
	return c.redirect(rq, next)
}

// signOut ends the session and clears its cookie.
func (c *Console) signOut(rq *request) error {
	if err := c.backend.SignOut(rq.ctx, rq.secret); err != nil {
		return err
	}
	c.clearCookie(rq, SessionCookie)
	return c.redirect(rq, "/signin")
}

// safeNext keeps a redirect target on this server: a path, never another
// host.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.HasPrefix(next, "/signin") || strings.HasPrefix(next, "/signout") {
		return "/"
	}
	return next
}
