package date

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"
)

// TestDates checks that format: date is a Date read and written
// "2006-01-02", in JSON and in query parameters.
func TestDates(t *testing.T) {
	const doc = `[{"day":"2024-01-02","until":"2024-02-29","maybe":null,"holidays":["2023-12-25"],"byName":{"x":"0001-01-01"},"at":"2024-01-02T03:04:05Z"}]`
	var query string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.RawQuery
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(doc))
	}))
	defer srv.Close()
	since := Date{2023, time.March, 4}
	events, _, err := NewAPIClient(&Configuration{BasePath: srv.URL}).EventsApi.ListEvents(context.Background(),
		Date{2024, time.January, 2}, &ListEventsOpts{Since: since, Days: []Date{{2024, 5, 6}, {2024, 5, 7}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "days=2024-05-06%2C2024-05-07&on=2024-01-02&since=2023-03-04"; query != want {
		t.Errorf("query %q, want %q", query, want)
	}
	until := Date{2024, time.February, 29}
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	want := []Event{{Day: Date{2024, time.January, 2}, Until: &until, Maybe: Null[Date](), Holidays: []Date{{2023, 12, 25}},
		ByName: map[string]Date{"x": {1, 1, 1}}, At: &at}}
	if !reflect.DeepEqual(events, want) {
		t.Fatalf("decoded %#v, want %#v", events, want)
	}
	got, err := json.Marshal(events)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != doc {
		t.Errorf("encoded %s, want %s", got, doc)
	}
	var e Event
	if err := json.Unmarshal([]byte(`{"day":"2024-01-02T00:00:00Z"}`), &e); err == nil {
		t.Errorf("a date-time decoded as the date %v", e.Day)
	}
}
