package security

import (
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/govops-kit/govops"
)

// credentialWords are the words that mark a field name as one that
// carries a credential.
var credentialWords = []string{"password", "passwd", "pwd", "secret", "口令", "密码"}

// IsCredentialName reports whether a field named name carries a
// credential: its name, lower-cased and without '_', '-', '.' and spaces,
// holds password, passwd, pwd, secret, 口令 or 密码 ("adminPassword",
// "snmp_secret", "默认密码" all do).
func IsCredentialName(name string) bool {
	n := strings.ToLower(name)
	n = strings.NewReplacer("_", "", "-", "", ".", "", " ", "").Replace(n)
	for _, w := range credentialWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// CredentialField returns the path of the first field named like a
// credential (see IsCredentialName) at any depth of v, a value decoded
// from JSON (maps, slices and scalars), such as "findings[0].password";
// "" when there is none. Keys are visited in sorted order, so the answer
// is the same every time. The field's value is never looked at.
func CredentialField(v any) string {
	return credentialPath(v, "")
}

func credentialPath(v any, at string) string {
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if at != "" {
				p = at + "." + k
			}
			if IsCredentialName(k) {
				return p
			}
			if q := credentialPath(t[k], p); q != "" {
				return q
			}
		}
	case []any:
		for i, e := range t {
			if q := credentialPath(e, at+"["+strconv.Itoa(i)+"]"); q != "" {
				return q
			}
		}
	}
	return ""
}

// CredentialFieldJSON is CredentialField over a JSON document. A document
// that does not parse has no credential field to report: its decoder will
// refuse it.
func CredentialFieldJSON(body []byte) string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	return CredentialField(v)
}

// ErrCredentialField is the error a server returns for a body that holds
// the credential field at path: it names the field, never its value.
func ErrCredentialField(path string) error {
	return govops.Errorf(govops.EINVALID, "a credential must never be sent: remove the field %s", govops.Truncate(path, 200)).
		WithField(govops.Truncate(path, 200), "is named like a credential (password, passwd, pwd, secret, 口令, 密码): records say what was wrong with a credential, never what it was")
}

// Free text that writes a credential out: a credential word, then ':',
// '：' or '=', then a value; or 口令/密码 followed by 为/是 and a value in
// ASCII ("口令为admin"; "口令为弱口令" describes, and passes).
var (
	credentialAssign = regexp.MustCompile(`(?i)(password|passwd|pwd|secret|口令|密码)\s*[:：=]\s*\S`)
	credentialIs     = regexp.MustCompile(`(口令|密码)\s*[为是]\s*["'“‘「]?[\x21-\x7e]`)
)

// HasCredentialText reports whether free text writes a credential out,
// such as "口令：Admin@123", "password=admin" or "密码为123456".
func HasCredentialText(s string) bool {
	return credentialAssign.MatchString(s) || credentialIs.MatchString(s)
}

// CheckNoCredential adds a problem for field when its free text writes a
// credential out (see HasCredentialText). The problem never repeats the
// text.
func CheckNoCredential(p *govops.Problems, field, text string) {
	if HasCredentialText(text) {
		p.Add(field, "must not write out a credential: say what was wrong with it (弱口令、默认口令), never what it was")
	}
}
