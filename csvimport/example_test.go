package csvimport_test

import (
	"fmt"
	"strings"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// A typical import: the columns of the file, a function that reads one row
// into a value and records each bad field, and a loop that keeps the good
// rows and reports every problem of the others.
func Example() {
	type license struct {
		Number string
		Holder string
		Active bool
	}
	cols := csvimport.Columns{
		{Name: "license_number", Aliases: []string{"许可证号"}, Required: true},
		{Name: "holder", Aliases: []string{"持证人"}, Required: true},
		{Name: "active", Aliases: []string{"有效"}},
	}
	parse := func(row *csvimport.Row, p *govops.Problems) license {
		l := license{Number: row.Get("license_number"), Holder: row.Get("holder"), Active: true}
		if l.Number == "" {
			p.Add("license_number", "is required")
		}
		if l.Holder == "" {
			p.Add("holder", "is required: write the holder's registered name")
		}
		if v := row.Get("active"); v != "" {
			var ok bool
			if l.Active, ok = csvimport.ParseBool(v); !ok {
				p.Addf("active", "%q is not a yes/no value: write 是 or 否", v)
			}
		}
		return l
	}

	// A file as a spreadsheet saves it: Chinese headers, a byte order mark.
	file := "\ufeff许可证号,持证人,有效\n" +
		"XK-001,柳州市某公司,是\n" +
		",,maybe\n" +
		"XK-003,某商店\n" +
		"XK-004,某餐馆,否\n"
	rd, err := csvimport.NewReader(strings.NewReader(file), cols)
	if err != nil {
		fmt.Println(err) // a bad header: no row can be read
		return
	}
	rep := &csvimport.Report{}
	var good []license
	for row, err := range csvimport.Parse(rd, parse) {
		if err != nil {
			fmt.Println(err) // the input cannot be read
			return
		}
		rep.Rows++
		if row.Errors != nil {
			rep.Errors = append(rep.Errors, row.Errors...)
			continue
		}
		good = append(good, row.Value)
	}
	rep.Sort()
	mode := csvimport.KeepGood
	if err := rep.Err(mode); err != nil {
		fmt.Println(err) // all or nothing, and a row is bad: write nothing
		return
	}
	// Write good here, then:
	rep.Imported = len(good)

	fmt.Printf("read %d rows in %v, imported %d, skipped %d\n", rep.Rows, rd.Encoding(), rep.Imported, rep.Skipped())
	for _, e := range rep.Errors {
		fmt.Println(e)
	}
	// Output:
	// read 4 rows in UTF-8, imported 2, skipped 2
	// row 3, license_number: is required
	// row 3, holder: is required: write the holder's registered name
	// row 3, active: "maybe" is not a yes/no value: write 是 or 否
	// row 4: has 2 fields but the header has 3
}

// Excel on a Chinese Windows saves CSV in GB18030; the encoding is
// detected, or chosen when it is known.
func ExampleWithEncoding() {
	cols := csvimport.Columns{{Name: "district", Aliases: []string{"城区"}, Required: true}}
	// "城区\n柳北区\n" in GB18030.
	file := "\xb3\xc7\xc7\xf8\n\xc1\xf8\xb1\xb1\xc7\xf8\n"
	rd, err := csvimport.NewReader(strings.NewReader(file), cols, csvimport.WithEncoding(csvimport.GB18030))
	if err != nil {
		fmt.Println(err)
		return
	}
	for row, err := range rd.Rows() {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(row.Line(), row.Get("district"))
	}
	// Output:
	// 2 柳北区
}
