package storetestkit

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Diff lists where got differs from want, one line per difference, each
// naming its path from the top value (".Events[2].Note", "[3]",
// ".Labels[\"zh\"]") with what was got and what was wanted. It compares the
// way a store must keep values, not byte for byte:
//
//   - a value whose type has a method Equal(T) bool is compared with it, so
//     time.Time is compared by instant (a store may return any location) and
//     decimal.Decimal by value ("97.20" equals "97.2");
//   - a nil slice or map equals an empty one (a database has no nil list);
//   - structs, slices, arrays, maps, pointers and interfaces are compared
//     element by element, so one wrong field is reported by its path rather
//     than as two whole values;
//   - unexported struct fields are compared as reflect.DeepEqual does.
//
// An empty result means equal.
func Diff[T any](want, got T) []string {
	var d differ
	d.diff("", reflect.ValueOf(&want).Elem(), reflect.ValueOf(&got).Elem())
	return d.out
}

// RequireEqual fails tb unless got equals want in the sense of Diff, listing
// every difference; what names the value in the message.
func RequireEqual[T any](tb testing.TB, want, got T, what string) {
	tb.Helper()
	if d := Diff(want, got); len(d) > 0 {
		tb.Fatalf("%s differs from what was stored:\n  %s", what, strings.Join(d, "\n  "))
	}
}

// differ collects the differences of one Diff call.
type differ struct{ out []string }

func (d *differ) addf(path, format string, args ...any) {
	if path == "" {
		path = "(value)"
	}
	d.out = append(d.out, path+": "+fmt.Sprintf(format, args...))
}

func (d *differ) mismatch(path string, w, g reflect.Value) {
	d.addf(path, "got %s, want %s", show(g), show(w))
}

// show formats a value for a message: with %v for a type that says how it
// wants to be printed (times, decimals, UUIDs), with %#v otherwise, so that
// strings are quoted and "" is visible.
func show(v reflect.Value) string {
	if !v.IsValid() {
		return "nil"
	}
	if !v.CanInterface() {
		return v.Type().String() + " value"
	}
	x := v.Interface()
	if _, ok := x.(fmt.Stringer); ok {
		return fmt.Sprintf("%v", x)
	}
	return fmt.Sprintf("%#v", x)
}

// equalMethod returns the result of w.Equal(g) when w's type has a method
// Equal(T) bool, and ok = false when it has none.
func equalMethod(w, g reflect.Value) (equal, ok bool) {
	m := w.MethodByName("Equal")
	if !m.IsValid() || !w.CanInterface() {
		return false, false
	}
	mt := m.Type()
	if mt.NumIn() != 1 || mt.In(0) != w.Type() || mt.NumOut() != 1 || mt.Out(0).Kind() != reflect.Bool {
		return false, false
	}
	return m.Call([]reflect.Value{g})[0].Bool(), true
}

func (d *differ) diff(path string, w, g reflect.Value) {
	if w.Type() != g.Type() {
		d.addf(path, "got a %s, want a %s", g.Type(), w.Type())
		return
	}
	if eq, ok := equalMethod(w, g); ok {
		if !eq {
			d.mismatch(path, w, g)
		}
		return
	}
	switch w.Kind() {
	case reflect.Struct:
		d.structs(path, w, g)
	case reflect.Slice:
		if w.Len() == 0 && g.Len() == 0 {
			return
		}
		d.sequences(path, w, g)
	case reflect.Array:
		// An array of plain elements is one value (a UUID), best shown
		// whole; an array of composite ones is compared element by element.
		switch w.Type().Elem().Kind() {
		case reflect.Struct, reflect.Slice, reflect.Array, reflect.Map, reflect.Pointer, reflect.Interface:
			d.sequences(path, w, g)
		default:
			if !reflect.DeepEqual(w.Interface(), g.Interface()) {
				d.mismatch(path, w, g)
			}
		}
	case reflect.Map:
		d.maps(path, w, g)
	case reflect.Pointer, reflect.Interface:
		switch {
		case w.IsNil() && g.IsNil():
		case w.IsNil() || g.IsNil():
			d.mismatch(path, w, g)
		case w.Kind() == reflect.Interface && w.Elem().Type() != g.Elem().Type():
			d.addf(path, "got a %s, want a %s", g.Elem().Type(), w.Elem().Type())
		default:
			d.diff(path, w.Elem(), g.Elem())
		}
	default:
		if !reflect.DeepEqual(w.Interface(), g.Interface()) {
			d.mismatch(path, w, g)
		}
	}
}

// structs compares the exported fields one by one, then the unexported ones
// together: reflect cannot read them one by one, but can compare copies whose
// exported fields are zeroed.
func (d *differ) structs(path string, w, g reflect.Value) {
	t := w.Type()
	hidden := false
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			hidden = true
			continue
		}
		d.diff(path+"."+f.Name, w.Field(i), g.Field(i))
	}
	if !hidden {
		return
	}
	wc, gc := reflect.New(t).Elem(), reflect.New(t).Elem()
	wc.Set(w)
	gc.Set(g)
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			wc.Field(i).SetZero()
			gc.Field(i).SetZero()
		}
	}
	if !reflect.DeepEqual(wc.Interface(), gc.Interface()) {
		d.addf(path, "unexported fields differ: got %+v, want %+v", g.Interface(), w.Interface())
	}
}

func (d *differ) sequences(path string, w, g reflect.Value) {
	if w.Len() != g.Len() {
		d.addf(path, "got %d elements, want %d:\n    got  %s\n    want %s", g.Len(), w.Len(), show(g), show(w))
		return
	}
	for i := range w.Len() {
		d.diff(fmt.Sprintf("%s[%d]", path, i), w.Index(i), g.Index(i))
	}
}

func (d *differ) maps(path string, w, g reflect.Value) {
	keys := w.MapKeys()
	for _, k := range g.MapKeys() {
		if !w.MapIndex(k).IsValid() {
			keys = append(keys, k)
		}
	}
	// Sorted by their printed form, so that the report reads the same on
	// every run.
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(show(a), show(b)) })
	for _, k := range keys {
		kp := fmt.Sprintf("%s[%s]", path, show(k))
		wv, gv := w.MapIndex(k), g.MapIndex(k)
		switch {
		case !gv.IsValid():
			d.addf(kp, "missing, want %s", show(wv))
		case !wv.IsValid():
			d.addf(kp, "got %s, want no such key", show(gv))
		default:
			d.diff(kp, wv, gv)
		}
	}
}
