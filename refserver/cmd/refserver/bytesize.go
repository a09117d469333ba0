package main

import (
	"errors"
	"strconv"
	"strings"
)

// byteSize is a flag holding a size in bytes, written as a whole number
// of bytes or with a binary unit: 1073741824, 1GiB, 64MiB, 512KiB.
type byteSize int64

var byteUnits = []struct {
	suffix string
	size   int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}}

func (b *byteSize) String() string {
	n := int64(*b)
	for _, u := range byteUnits {
		if n >= u.size && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

func (b *byteSize) Set(s string) error {
	n, err := parseBytes(s)
	if err != nil {
		return err
	}
	*b = byteSize(n)
	return nil
}

// parseBytes reads a size as byteSize writes it. It must be at least one
// byte and fit in an int64.
func parseBytes(s string) (int64, error) {
	bad := errors.New("must be a size such as 1GiB, 64MiB, 512KiB or a number of bytes, at least 1")
	num, mult := strings.TrimSpace(s), int64(1)
	for _, u := range byteUnits {
		if v, ok := strings.CutSuffix(num, u.suffix); ok {
			num, mult = strings.TrimSpace(v), u.size
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 1 || n > (1<<63-1)/mult {
		return 0, bad
	}
	return n * mult, nil
}
