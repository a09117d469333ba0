package demo

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/datashare/datasharebun"
	"github.com/govops-kit/govops/datashare/datasharemem"
	"github.com/govops-kit/govops/directory/directorybun"
	"github.com/govops-kit/govops/directory/directorymem"
	"github.com/govops-kit/govops/govcase/govcasebun"
	"github.com/govops-kit/govops/govcase/govcasemem"
	"github.com/govops-kit/govops/hotline/hotlinebun"
	"github.com/govops-kit/govops/hotline/hotlinemem"
	"github.com/govops-kit/govops/license/licensebun"
	"github.com/govops-kit/govops/license/licensemem"
	"github.com/govops-kit/govops/netops/netopsbun"
	"github.com/govops-kit/govops/netops/netopsmem"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalbun"
	"github.com/govops-kit/govops/portal/portalmem"
	"github.com/govops-kit/govops/refserver"
	"github.com/govops-kit/govops/security/securitybun"
	"github.com/govops-kit/govops/security/securitymem"
)

// MemStores returns every store in memory.
func MemStores() refserver.Stores {
	return refserver.Stores{Cases: govcasemem.New(), Hotline: hotlinemem.New(), Directory: directorymem.New(),
		Licenses: licensemem.New(), Data: datasharemem.New(), Netops: netopsmem.New(), Security: securitymem.New(),
		Portal: portalmem.New(), Server: refserver.NewMemStore()}
}

// BunStores returns every store over db, with their tables migrated.
func BunStores(ctx context.Context, db *bun.DB) (refserver.Stores, error) {
	cases, hl, dir, lic := govcasebun.New(db), hotlinebun.New(db), directorybun.New(db), licensebun.New(db)
	data, ops, sec, ps, srv := datasharebun.New(db), netopsbun.New(db), securitybun.New(db), portalbun.New(db), refserver.NewBunStore(db)
	for _, m := range []func(context.Context) error{cases.Migrate, hl.Migrate, dir.Migrate, lic.Migrate, data.Migrate,
		ops.Migrate, sec.Migrate, ps.Migrate, srv.Migrate} {
		if err := m(ctx); err != nil {
			return refserver.Stores{}, err
		}
	}
	return refserver.Stores{Cases: cases, Hotline: hl, Directory: dir, Licenses: lic, Data: data, Netops: ops,
		Security: sec, Portal: ps, Server: srv}, nil
}

// DispatchKinds are the portal tasks the demo's center dispatches to
// departments as cases: update urges and consultations. It fixes the
// crawl's findings on its own site itself.
var DispatchKinds = []portal.FindingKind{portal.KindUpdateUrge, portal.KindConsultation}

// WireOver returns the Wire of refserver.Wire over st with cfg, each call
// on its own clock. The demo's portal dispatches DispatchKinds, and may
// crawl the site it serves itself on loopback.
func WireOver(st refserver.Stores, cfg refserver.WireConfig) Wire {
	return func(now func() time.Time) refserver.Services {
		c := cfg
		c.Now = now
		c.PortalDispatchKinds = DispatchKinds
		c.PortalAllowPrivate = true
		return refserver.Wire(st, c)
	}
}
