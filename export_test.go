package govops

// KeysForTest is the number of keys of t that someone holds or waits for.
func (t *Turns) KeysForTest() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.keys)
}
