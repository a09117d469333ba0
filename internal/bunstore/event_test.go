package bunstore_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
)

type evType string
type evState string

func TestEventRow_RoundTrip(t *testing.T) {
	e := govops.Event[evType, evState]{
		ID: uuid.Must(uuid.NewV7()), Subject: uuid.Must(uuid.NewV7()), Seq: 3, Type: "appealed",
		Actor: "经办人", ActorDept: "YJJD", At: time.Date(2022, 8, 3, 2, 30, 0, 123456000, time.UTC),
		From: "recorded", To: "appealed", Department: "YJJD", Note: "材料见附件",
		Attachments: []string{"a.pdf", "b.ofd"},
	}
	row, subject := bunstore.ToEventRow(e)
	got, err := bunstore.FromEventRow[evType, evState](bunstore.Errors("test"), &row, subject)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != e.ID || got.Subject != e.Subject || got.Seq != 3 || got.Type != e.Type || got.From != e.From ||
		got.To != e.To || got.Note != e.Note || !got.At.Equal(e.At) || len(got.Attachments) != 2 || got.Department != "YJJD" {
		t.Fatalf("round trip: %+v, want %+v", got, e)
	}
	row.Attachments = "not json"
	if _, err := bunstore.FromEventRow[evType, evState](bunstore.Errors("test"), &row, subject); govops.ErrorCode(err) != govops.EINTERNAL {
		t.Fatalf("bad attachments: %v, want EINTERNAL", err)
	}
	for _, s := range []string{"", "[]"} {
		if xs, err := bunstore.DecodeList(s); xs != nil || err != nil {
			t.Errorf("DecodeList(%q) = %v, %v", s, xs, err)
		}
	}
}
