package console

// hotlineRoutes are the pages of this group.
func (c *Console) hotlineRoutes() []route { return nil }
