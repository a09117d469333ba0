package security

import "time"

// FindingsOfRecordsForTest sums up the records hs as the report did
// before it read the Store's counts: every record found before at listed
// and counted in Go, as it stood at at. It is the reference the report's
// findings from the counts are checked against.
func FindingsOfRecordsForTest(hs []Hardening, from, at time.Time, dept string) FindingsReport {
	var f FindingsReport
	byKind, hardened := map[FindingKind]int{}, map[FindingKind]int{}
	ages := map[Severity]*FindingAge{}
	for _, sev := range Severities() {
		ages[sev] = &FindingAge{Severity: sev}
	}
	for _, h := range hs {
		if (dept != "" && h.Department != dept) || !h.FoundOn.Before(at) {
			continue
		}
		verified := h.Status == HardeningVerified && !h.VerifiedAt.After(at)
		if verified && !h.VerifiedAt.Before(from) {
			hardened[h.Kind]++
		}
		if !h.FoundOn.Before(from) {
			f.Found++
			byKind[h.Kind]++
			if verified {
				f.Verified++
			}
		}
		if verified {
			continue
		}
		f.Open++
		a, ok := ages[h.Severity]
		if !ok {
			continue
		}
		a.Total++
		switch days := daysBetween(h.FoundOn, at); {
		case days <= 30:
			a.Days30++
		case days <= 90:
			a.Days90++
		case days <= 180:
			a.Days180++
		default:
			a.Older++
		}
	}
	for _, k := range FindingKinds() {
		f.ByKind = append(f.ByKind, KindCount{Kind: k, Count: byKind[k]})
		f.HardenedByKind = append(f.HardenedByKind, KindCount{Kind: k, Count: hardened[k]})
	}
	for _, sev := range Severities() {
		f.OpenByAge = append(f.OpenByAge, *ages[sev])
	}
	return f
}
