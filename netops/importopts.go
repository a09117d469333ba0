package netops

import "github.com/govops-kit/govops/csvimport"

// ImportOptions configure ImportUnits, ImportLinks and ImportDevices.
type ImportOptions struct {
	// Mode is csvimport.AllOrNothing (the default, for "") or
	// csvimport.KeepGood.
	Mode csvimport.Mode
	// Encoding is the file's encoding; the zero value detects UTF-8 or
	// GB18030 (see csvimport).
	Encoding csvimport.Encoding
}
