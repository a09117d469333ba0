package console

// Tab is one entry of a page group's sub-navigation.
type Tab struct {
	Key, Label, Path string
	Active           bool
}

// TabNav is a page group's sub-navigation, as the "tabs" partial draws it.
type TabNav struct {
	Label string // the navigation's name, for screen readers
	ID    string // the element's id; "" for none
	Tabs  []Tab
}

// tabNav returns the sub-navigation label of all, with the tab whose key
// is active marked.
func tabNav(label string, all []Tab, active string) TabNav {
	out := TabNav{Label: label, Tabs: make([]Tab, len(all))}
	for i, t := range all {
		t.Active = t.Key == active
		out.Tabs[i] = t
	}
	return out
}
