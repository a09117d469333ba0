package datasharebun

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"
)

// writePG writes rows on PostgreSQL: a connection of its own, on which one
// transaction touches the batch and one COPY streams the rows.
func (w *writer) writePG(ctx context.Context, rows []recordRow, at time.Time) error {
	conn, err := w.s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := touch(ctx, tx, w.batchID, at); err != nil {
		return err
	}
	if len(rows) > 0 {
		w.buf = w.buf[:0]
		for i := range rows {
			w.buf = appendCopy(w.buf, &rows[i])
		}
		if _, err := pgdriver.CopyFrom(ctx, conn, bytes.NewReader(w.buf), "COPY datashare_records ("+recordColumns+") FROM STDIN"); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// appendCopy appends r as one line of PostgreSQL's COPY text format: its
// columns in the order of recordColumns, apart by tabs.
func appendCopy(b []byte, r *recordRow) []byte {
	b = appendCopyText(b, r.CatalogID)
	b = appendCopyText(append(b, '\t'), r.BatchID)
	b = strconv.AppendInt(append(b, '\t'), r.Line, 10)
	b = appendCopyText(append(b, '\t'), r.Key)
	b = appendCopyText(append(b, '\t'), r.Data)
	return append(b, '\n')
}

// appendCopyText appends s with the characters COPY's text format gives a
// meaning escaped: backslash, tab, line feed and carriage return.
func appendCopyText(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b = append(b, '\\', '\\')
		case '\t':
			b = append(b, '\\', 't')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, c)
		}
	}
	return b
}

// sqliteRows is how many records one prepared INSERT of the SQLite writer
// carries: 500 parameters. More would bind slower, not faster: the pure-Go
// driver looks each parameter's value up among all of them, so that a
// statement's binding grows with the square of its parameters.
const sqliteRows = 100

// insertSQL returns the INSERT of n records with a parameter for each
// value.
func insertSQL(n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO datashare_records (" + recordColumns + ") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?)")
	}
	return b.String()
}

// insertSQLite writes rows on SQLite in tx with multi-row INSERTs whose
// values are bound, not written into the SQL text: one statement of
// sqliteRows records prepared for the chunk, and one for the rest. SQLite
// then neither parses nor the driver quotes a megabyte of text per chunk.
func insertSQLite(ctx context.Context, tx bun.Tx, rows []recordRow) error {
	args := make([]any, 0, 5*min(len(rows), sqliteRows))
	bind := func(part []recordRow) []any {
		args = args[:0]
		for i := range part {
			r := &part[i]
			args = append(args, r.CatalogID, r.BatchID, r.Line, r.Key, r.Data)
		}
		return args
	}
	full := len(rows) / sqliteRows * sqliteRows
	if full > 0 {
		stmt, err := tx.Tx.PrepareContext(ctx, insertSQL(sqliteRows))
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i := 0; i < full; i += sqliteRows {
			if _, err := stmt.ExecContext(ctx, bind(rows[i:i+sqliteRows])...); err != nil {
				return err
			}
		}
	}
	if rest := rows[full:]; len(rest) > 0 {
		_, err := tx.Tx.ExecContext(ctx, insertSQL(len(rest)), bind(rest)...)
		return err
	}
	return nil
}

// mysqlPacket is what the MySQL writer knows of the server, read once per
// Store: how long one statement may be, and whether backslashes escape.
type mysqlPacket struct {
	mu          sync.Mutex
	limit       int // 0 until read
	noBackslash bool
}

// Bounds of one INSERT of records on MySQL: the server's
// max_allowed_packet less an eighth, and at least minStatement (a record
// longer than what is left is sent alone).
const minStatement = 64 << 10

// statementLimit returns how long one INSERT may be on s's server, and
// whether its sql_mode has NO_BACKSLASH_ESCAPES, reading them on first use.
func (s *Store) statementLimit(ctx context.Context, tx bun.Tx) (int, bool, error) {
	p := &s.packet
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.limit > 0 {
		return p.limit, p.noBackslash, nil
	}
	var packet int64
	var mode string
	if err := tx.QueryRowContext(ctx, "SELECT @@max_allowed_packet, @@sql_mode").Scan(&packet, &mode); err != nil {
		return 0, false, err
	}
	p.limit = max(minStatement, int(packet-packet/8))
	p.noBackslash = strings.Contains(mode, "NO_BACKSLASH_ESCAPES")
	return p.limit, p.noBackslash, nil
}

// insertMySQL writes rows on MySQL with multi-row INSERTs, each as long as
// the server takes: one statement for a chunk of small records.
func (w *writer) insertMySQL(ctx context.Context, tx bun.Tx, rows []recordRow) error {
	if len(rows) == 0 {
		return nil
	}
	limit, noBackslash, err := w.s.statementLimit(ctx, tx)
	if err != nil {
		return err
	}
	const prefix = "INSERT INTO datashare_records (" + recordColumns + ") VALUES "
	var tuple []byte
	b := append(w.buf[:0], prefix...)
	n := 0
	for i := range rows {
		tuple = appendMySQLTuple(tuple[:0], &rows[i], noBackslash)
		if n > 0 && len(b)+1+len(tuple) > limit {
			if _, err := tx.Tx.ExecContext(ctx, string(b)); err != nil {
				return err
			}
			b, n = append(b[:0], prefix...), 0
		}
		if n > 0 {
			b = append(b, ',')
		}
		b = append(b, tuple...)
		n++
	}
	w.buf = b
	// The raw transaction: bun would read each ? of the records' text as
	// a placeholder.
	_, err = tx.Tx.ExecContext(ctx, string(b))
	return err
}

// appendMySQLTuple appends r as a tuple of a MySQL INSERT's VALUES.
func appendMySQLTuple(b []byte, r *recordRow, noBackslash bool) []byte {
	b = appendMySQLString(append(b, '('), r.CatalogID, noBackslash)
	b = appendMySQLString(append(b, ','), r.BatchID, noBackslash)
	b = strconv.AppendInt(append(b, ','), r.Line, 10)
	b = appendMySQLString(append(b, ','), r.Key, noBackslash)
	b = appendMySQLString(append(b, ','), r.Data, noBackslash)
	return append(b, ')')
}

// appendMySQLString appends s as a MySQL string literal, every byte kept:
// with backslash escapes, as the server reads them by default, or, under
// NO_BACKSLASH_ESCAPES, with quotes doubled only. Bytes of multi-byte
// UTF-8 characters are never ASCII, so escaping byte by byte is safe.
func appendMySQLString(b []byte, s string, noBackslash bool) []byte {
	b = append(b, '\'')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if noBackslash {
			if c == '\'' {
				b = append(b, '\'')
			}
			b = append(b, c)
			continue
		}
		switch c {
		case 0:
			b = append(b, '\\', '0')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\\', '\'', '"':
			b = append(b, '\\', c)
		case 0x1a:
			b = append(b, '\\', 'Z')
		default:
			b = append(b, c)
		}
	}
	return append(b, '\'')
}
