package idcode

import "strings"

// Normalize returns s as the validators expect it, for callers that read
// identifiers typed or pasted by people: spaces around it removed (the
// full-width 　 too), full-width letters, digits and signs (Ａ, １, －, ．)
// made ASCII, and lower-case ASCII letters made upper-case. It changes
// nothing else: spaces or hyphens within s stay, so that a code broken by
// them is still reported as wrong. The validators take their input exactly
// as given, so that what is stored is what was checked.
func Normalize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z':
			return r - 'a' + 'A'
		case 'ａ' <= r && r <= 'ｚ':
			return r - 'ａ' + 'A'
		case '！' <= r && r <= '～':
			return r - '！' + '!'
		}
		return r
	}, strings.TrimSpace(s))
}
