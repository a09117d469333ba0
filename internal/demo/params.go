package demo

import (
	"math"

	"github.com/shopspring/decimal"
)

// Params are the shape of the year the generator fills. DefaultParams
// reproduces the 2022 work summary; Scaled shrinks its volumes for tests.
type Params struct {
	// Year is the calendar year generated (2022 by default).
	Year int
	// Seed makes the year: the same Seed and Params give the same data.
	Seed int64

	// Directory and extranet: units (部门、乡镇街道) and villages and
	// communities (村、社区), every one connected to the extranet and no
	// self-built internet line left.
	Departments int
	Communities int

	// Command-platform cases registered in the year, by kind. Portal cases
	// are the portal tasks dispatched: UrgedUpdates + ConsultationCases.
	HotlineCases     int
	ITOpsCases       int
	PlatformOpsCases int
	SupervisionCases int

	// Hotline: the average of the monthly satisfaction rates; the units
	// that lose DeductionPoints each (one deduction that counts per unit);
	// OverturnedAppeals more deductions appealed and overturned; the peer
	// districts ranked with the home district, which ranks first.
	Satisfaction      decimal.Decimal
	DeductedUnits     []string
	DeductionPoints   decimal.Decimal
	OverturnedAppeals int
	PeerDistricts     int

	// Licenses: the types with an approved layout template, and the
	// records uploaded.
	LicenseTypes   int
	LicenseRecords int

	// Data sharing: records mounted over the year; structured catalogs,
	// of which SharedStructured are shared.
	DataRecords        int
	StructuredCatalogs int
	SharedStructured   int

	// Portal: posts published, stale columns urged, consultations
	// dispatched as cases, crawl findings fixed by kind, and new-media
	// accounts inspected weekly.
	Posts             int
	UrgedUpdates      int
	ConsultationCases int
	BrokenLinks       int
	Typos             int
	WrongWords        int
	WrongLinks        int
	MediaAccounts     int
}

// DefaultParams returns the year of the 2022 work summary, set in year.
func DefaultParams(year int) Params {
	return Params{
		Year: year, Seed: 2022,
		Departments: 184, Communities: 98,
		HotlineCases: 18551, ITOpsCases: 3759, PlatformOpsCases: 19, SupervisionCases: 300,
		Satisfaction:      decimal.RequireFromString("95.92"),
		DeductedUnits:     []string{"跃进街道办事处", "区执法局", "区征补中心"},
		DeductionPoints:   decimal.RequireFromString("0.2"),
		OverturnedAppeals: 1,
		PeerDistricts:     5,
		LicenseTypes:      46, LicenseRecords: 850,
		DataRecords: 699735, StructuredCatalogs: 66, SharedStructured: 58,
		Posts: 2802, UrgedUpdates: 403, ConsultationCases: 92,
		BrokenLinks: 120, Typos: 236, WrongWords: 245, WrongLinks: 56,
		MediaAccounts: 11,
	}
}

// Scaled returns p with its volumes (cases, records, posts, urges,
// consultations and findings) multiplied by f, each at least 1; the
// structure (departments, license types, catalogs, accounts, deductions)
// stays as it is.
func (p Params) Scaled(f float64) Params {
	s := func(n int) int {
		if n == 0 {
			return 0
		}
		return max(1, int(math.Round(float64(n)*f)))
	}
	p.HotlineCases, p.ITOpsCases = s(p.HotlineCases), s(p.ITOpsCases)
	p.PlatformOpsCases, p.SupervisionCases = s(p.PlatformOpsCases), s(p.SupervisionCases)
	p.LicenseRecords, p.DataRecords = s(p.LicenseRecords), s(p.DataRecords)
	p.Posts, p.UrgedUpdates, p.ConsultationCases = s(p.Posts), s(p.UrgedUpdates), s(p.ConsultationCases)
	p.BrokenLinks, p.Typos, p.WrongWords, p.WrongLinks = s(p.BrokenLinks), s(p.Typos), s(p.WrongWords), s(p.WrongLinks)
	return p
}
