package console

// licenseRoutes are the pages of this group.
func (c *Console) licenseRoutes() []route { return nil }
