package main

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// columnGap is the space between two columns of a listing.
const columnGap = 2

// table is a listing whose columns line up on a terminal: each cell is
// padded to its column's display width, in which a Chinese character
// counts two (text/tabwriter counts it one, and 跃进街道 would push the
// rest of its row four columns right). The width follows the terminal's
// locale for the characters East Asian fonts draw wide, as runewidth
// decides.
type table struct {
	rows [][]string
}

// row adds a row of cells.
func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }

// write prints the rows, columns apart by columnGap spaces, the last
// cell of each row unpadded.
func (t *table) write(w io.Writer) error {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], runewidth.StringWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-runewidth.StringWidth(c)+columnGap))
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}
