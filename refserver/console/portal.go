package console

// portalRoutes are the pages of this group.
func (c *Console) portalRoutes() []route { return nil }
