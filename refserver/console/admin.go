package console

// adminRoutes are the pages of this group.
func (c *Console) adminRoutes() []route { return nil }
