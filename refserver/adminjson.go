package refserver

// The JSON shapes of the API. Domain types carry no JSON tags: these DTOs
// decide the wire format. Enums travel as their stable codes with a sibling
// *_label in Chinese; times are RFC 3339 in Asia/Shanghai (+08:00) and left
// out when not set.

type tokenJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Role       string `json:"role"`
	RoleLabel  string `json:"role_label"`
	Department string `json:"department,omitempty"`
	CreatedAt  string `json:"created_at"`
	RevokedAt  string `json:"revoked_at,omitempty"`
	LastUsedAt string `json:"last_used_at,omitempty"`
	// Token is the plaintext, present only in the response that creates it.
	Token string `json:"token,omitempty"`
}

func (s *Server) tokenOut(t Token) tokenJSON {
	return tokenJSON{
		ID: t.ID.String(), Name: t.Name, Role: string(t.Role), RoleLabel: t.Role.Label(),
		Department: t.Department, CreatedAt: s.clock.Format(t.CreatedAt),
		RevokedAt: s.clock.Format(t.RevokedAt), LastUsedAt: s.clock.Format(t.LastUsedAt),
	}
}

type tokenCreateJSON struct {
	Name       string `json:"name"`
	Role       string `json:"role"`
	Department string `json:"department"`
}

type tokenListJSON struct {
	Items      []tokenJSON `json:"items"`
	NextCursor string      `json:"next_cursor,omitempty"`
}
