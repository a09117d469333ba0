package bunstore

// FromRows converts the rows a query read into domain values with from,
// which reads one row (an adapter's fromRow). The first row from cannot
// read fails the whole listing with from's error: a stored value the
// adapter does not understand is a fault of the store (EINTERNAL through
// its Errors), not a row to skip.
func FromRows[R, T any](rows []R, from func(*R) (T, error)) ([]T, error) {
	out := make([]T, len(rows))
	for i := range rows {
		v, err := from(&rows[i])
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
