package groupcommit

import "strings"

// class is what a statement does to the group, read from its SQL text.
// Every doubt falls to classWrite, the class that waits for a commit: a
// read taken for a write only answers later, while a write taken for a read
// would be answered before it is durable.
type class uint8

const (
	// classWrite may change the database: it is answered only after the
	// COMMIT that holds it.
	classWrite class = iota
	// classRead is one SELECT, VALUES or EXPLAIN, which change nothing.
	classRead
	// classDirect is a PRAGMA, VACUUM, ATTACH or DETACH, or a script of
	// several statements: SQLite refuses some of them inside a transaction
	// and ignores others (PRAGMA journal_mode, foreign_keys), and a script
	// run in autocommit keeps what it did before a statement that fails.
	// Outside a logical transaction it runs on its own, after the open
	// group commits.
	classDirect
	// classSavepoint is SAVEPOINT, RELEASE or ROLLBACK TO: allowed inside a
	// logical transaction (bun's nested RunInTx), refused outside one.
	classSavepoint
	// classTxControl is BEGIN, COMMIT, END or ROLLBACK, which would end the
	// group's transaction under its members: refused, use BeginTx.
	classTxControl
)

func (c class) String() string {
	switch c {
	case classRead:
		return "read"
	case classDirect:
		return "direct"
	case classSavepoint:
		return "savepoint"
	case classTxControl:
		return "transaction control"
	default:
		return "write"
	}
}

// classify reads the class of query. It tokenizes just enough SQL to find
// the first keyword, the main keyword after a WITH clause, and whether a
// second statement follows a semicolon, skipping comments, string literals
// and quoted names.
func classify(query string) class {
	s := scanner{src: query}
	first := s.lead()
	var c class
	switch strings.ToUpper(first) {
	case "SELECT", "VALUES", "EXPLAIN":
		c = classRead
	case "WITH":
		// The main statement is the first of these at depth 0: the
		// bodies of common table expressions sit in parentheses and can
		// only be SELECTs.
		c = classWrite
	main:
		for kw := s.keyword(); kw != ""; kw = s.keyword() {
			if s.depth != 0 {
				continue
			}
			switch strings.ToUpper(kw) {
			case "SELECT", "VALUES":
				c = classRead
			case "INSERT", "UPDATE", "DELETE", "REPLACE":
			default:
				continue
			}
			break main
		}
	case "PRAGMA", "VACUUM", "ATTACH", "DETACH":
		c = classDirect
	case "SAVEPOINT", "RELEASE":
		c = classSavepoint
	case "ROLLBACK":
		c = classTxControl
		next := strings.ToUpper(s.keyword())
		if next == "TRANSACTION" {
			next = strings.ToUpper(s.keyword())
		}
		if next == "TO" {
			c = classSavepoint
		}
	case "BEGIN", "COMMIT", "END":
		c = classTxControl
	default:
		c = classWrite
	}
	if c != classTxControl && s.hasNextStatement() {
		return classDirect
	}
	return c
}

// scanner walks SQL text token by token.
type scanner struct {
	src   string
	pos   int
	depth int  // parentheses open at pos
	semi  bool // a semicolon was passed
}

// lead returns the statement's first word, or "" when something else
// comes first (past blanks and comments).
func (s *scanner) lead() string {
	for s.pos < len(s.src) {
		switch c := s.src[s.pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			s.pos++
		case c == '-' && strings.HasPrefix(s.src[s.pos:], "--"), c == '/' && strings.HasPrefix(s.src[s.pos:], "/*"):
			s.skip()
		case isWordStart(c):
			return s.keyword()
		default:
			return ""
		}
	}
	return ""
}

// keyword returns the next bare word (keyword or name), or "" at the end
// of the text or of the first statement.
func (s *scanner) keyword() string {
	for s.pos < len(s.src) {
		if s.semi {
			return ""
		}
		c := s.src[s.pos]
		switch {
		case isWordStart(c):
			start := s.pos
			for s.pos < len(s.src) && isWordPart(s.src[s.pos]) {
				s.pos++
			}
			return s.src[start:s.pos]
		case c == '(':
			s.depth++
			s.pos++
		case c == ')':
			s.depth--
			s.pos++
		case c == ';':
			s.semi = true
			s.pos++
		default:
			s.skip()
		}
	}
	return ""
}

// skip passes one token that is not a word or parenthesis: a comment, a
// quoted string or name, or one byte.
func (s *scanner) skip() {
	src := s.src
	switch c := src[s.pos]; {
	case c == '-' && strings.HasPrefix(src[s.pos:], "--"):
		if i := strings.IndexByte(src[s.pos:], '\n'); i >= 0 {
			s.pos += i + 1
		} else {
			s.pos = len(src)
		}
	case c == '/' && strings.HasPrefix(src[s.pos:], "/*"):
		if i := strings.Index(src[s.pos+2:], "*/"); i >= 0 {
			s.pos += i + 4
		} else {
			s.pos = len(src)
		}
	case c == '\'' || c == '"' || c == '`':
		// A doubled quote inside is the quote itself: scanning on from
		// it finds the next quote, which opens the rest.
		if i := strings.IndexByte(src[s.pos+1:], c); i >= 0 {
			s.pos += i + 2
		} else {
			s.pos = len(src)
		}
	case c == '[':
		if i := strings.IndexByte(src[s.pos+1:], ']'); i >= 0 {
			s.pos += i + 2
		} else {
			s.pos = len(src)
		}
	default:
		s.pos++
	}
}

// hasNextStatement reports whether anything but blanks, comments and
// semicolons follows the first statement's end.
func (s *scanner) hasNextStatement() bool {
	for !s.semi {
		if s.pos >= len(s.src) {
			return false
		}
		if s.keyword() != "" {
			continue
		}
	}
	for s.pos < len(s.src) {
		switch c := s.src[s.pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == ';':
			s.pos++
		case c == '-' && strings.HasPrefix(s.src[s.pos:], "--"), c == '/' && strings.HasPrefix(s.src[s.pos:], "/*"):
			s.skip()
		default:
			return true
		}
	}
	return false
}

func isWordStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isWordPart(c byte) bool {
	return isWordStart(c) || c >= '0' && c <= '9' || c == '$'
}
