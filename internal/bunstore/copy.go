package bunstore

// AppendCopyText appends s as a field of PostgreSQL's COPY text format,
// with the characters that format gives a meaning escaped: backslash, tab,
// line feed and carriage return. The bulk writers that COPY their rows
// (license records, mounted data) build their lines with it.
func AppendCopyText(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b = append(b, '\\', '\\')
		case '\t':
			b = append(b, '\\', 't')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, c)
		}
	}
	return b
}
