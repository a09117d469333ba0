package netops_test

import (
	"context"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// FuzzCreateLink_Prefixes feeds prefixes as a user writes them: a link is
// either refused with EINVALID naming a prefix field, or stored with its
// prefixes canonical (masked, IPv4-mapped ones unmapped), sorted, without
// duplicates and without two that overlap.
func FuzzCreateLink_Prefixes(f *testing.F) {
	for _, seed := range []string{"10.0.0.0/24", "10.0.0.1/24", "::ffff:10.0.0.0/120", "2001:db8::/32;2001:db8:1::/48",
		"10.0.0.0/8;10.0.0.0/8", "fe80::%eth0/64", "1.2.3.4", "0.0.0.0/0", "::/0;0.0.0.0/0", "300.1.1.1/8", ""} {
		f.Add(seed)
	}
	ctx := context.Background()
	s, _, _ := newInv(f)
	invSeed(f, s)
	f.Fuzz(func(t *testing.T, list string) {
		in := invLink("QZFJ", "", strings.Split(list, ";")...)
		in.Status = netops.LinkDecommissioned // holds no prefix: links never clash
		in.Note = "fuzz"
		l, err := s.CreateLink(ctx, invCenter(), in)
		if err != nil {
			fields := govops.ErrorFields(err)
			if govops.ErrorCode(err) != govops.EINVALID || len(fields) == 0 {
				t.Fatalf("%q: %v", list, err)
			}
			for k := range fields {
				if !strings.HasPrefix(k, "prefixes") {
					t.Fatalf("%q: field %s", list, k)
				}
			}
			return
		}
		for i, p := range l.Prefixes {
			if p != p.Masked() || p.Addr().Is4In6() || p.Addr().Zone() != "" {
				t.Fatalf("%q: prefix %s is not canonical", list, p)
			}
			for _, q := range l.Prefixes[i+1:] {
				if p.Overlaps(q) {
					t.Fatalf("%q: %s and %s overlap", list, p, q)
				}
				if p.Addr().Is4() == q.Addr().Is4() && p.Addr().Compare(q.Addr()) >= 0 {
					t.Fatalf("%q: %s before %s", list, p, q)
				}
			}
		}
	})
}

// FuzzImportLinks feeds a links CSV: the import never fails but for a
// header problem, and its report accounts for every row.
func FuzzImportLinks(f *testing.F) {
	f.Add(invLinksCSV)
	f.Add("unit,site,carrier,type\nQZFJ,XZDL,电信,外网接入\n")
	f.Add("单位代码,站点,运营商,线路类型,IP地址段\nQZFJ,XZDL,电信,wifi,10.0.0.1/8 ;;\n\"x\n")
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, csv string) {
		s, _, _ := newInv(t)
		invSeed(t, s)
		rep, err := s.ImportLinks(ctx, invCenter(), strings.NewReader(csv), netops.ImportOptions{Mode: "keep_good"})
		if err != nil {
			if govops.ErrorCode(err) != govops.EINVALID || rep.Rows != 0 {
				t.Fatalf("%v with a report of %d rows", err, rep.Rows)
			}
			return
		}
		if rep.Imported+rep.BadRows() != rep.Rows {
			t.Fatalf("%d rows: %d imported, %d bad", rep.Rows, rep.Imported, rep.BadRows())
		}
		for _, e := range rep.Errors {
			if e.Row < 2 {
				t.Fatalf("row %d: %s", e.Row, e)
			}
		}
	})
}
