package wordcheck

import (
	"embed"
	"io/fs"
)

// sampleFiles holds the sample dictionary: never written after the build.
//
//go:embed sample/*.txt
var sampleFiles embed.FS

// SampleFiles returns the names of the sample dictionary's files in
// SampleFS, for Load.
func SampleFiles() Files {
	return Files{Typos: "sample/typos.txt", Sensitive: "sample/sensitive.txt", Exceptions: "sample/exceptions.txt"}
}

// SampleFS returns the files of the sample dictionary, to read or copy as
// the start of one's own.
func SampleFS() fs.FS { return sampleFiles }

// Sample returns the small sample dictionary that ships with the package:
// 34 typos, 28 wrong or sensitive words and 23 exceptions, common on
// government sites. It is for trying the checker out, not an authoritative
// list. It panics if the embedded files do not load, which the package's
// tests rule out.
func Sample() Dictionary {
	d, err := Load(sampleFiles, SampleFiles())
	if err != nil {
		panic("wordcheck: the sample dictionary does not load: " + err.Error())
	}
	return d
}
