package console

import "net/http"

// overviewRoutes are the pages of this group.
func (c *Console) overviewRoutes() []route {
	return []route{{method: http.MethodGet, path: "/", h: c.overview}}
}

// overview is the landing page.
func (c *Console) overview(rq *request) error {
	return c.page(rq, "overview", "overview", "概览", nil)
}
