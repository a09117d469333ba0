package refserver

import "context"

// WriteAuditBatch stores events as one batch of the audit group commit and
// returns the outcome each event's request would receive.
func (r *Registry) WriteAuditBatch(ctx context.Context, events ...AuditEvent) []error {
	batch := make([]*pendingAudit, len(events))
	for i, e := range events {
		batch[i] = &pendingAudit{e: e, done: make(chan error, 1)}
	}
	r.writeAudit(ctx, batch)
	out := make([]error, len(batch))
	for i, p := range batch {
		out[i] = <-p.done
	}
	return out
}
