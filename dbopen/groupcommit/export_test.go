package groupcommit

// Waiting returns how many wait for the turn, so that a test can line
// members up in one group.
func (c *Connector) Waiting() int { return c.turn.waiting() }

// SetBeforeReplay makes f run between a member's ROLLBACK and the replay of
// the others' statements.
func (c *Connector) SetBeforeReplay(f func()) { c.beforeReplay = f }

// Classify returns the class of query as a string.
func Classify(query string) string { return classify(query).String() }

// FilePath returns the file a SQLite DSN names.
func FilePath(dsn string) string { return filePath(dsn) }

// Pending returns how many groups u holds, not known to be done.
func (u *Unit) Pending() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.pending)
}
