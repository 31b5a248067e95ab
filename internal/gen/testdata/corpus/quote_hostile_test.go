package quote_hostile

// The companion test of quote_hostile.yaml: parameter names holding quotes,
// ampersands and backslashes are sent as they are, each as one parameter.

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

func TestHostileNamesAreSentAsNamed(t *testing.T) {
	got := make(chan *http.Request, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"quo\"te":"q","back\\slash":"b","":"e","line\u2028sep":"l"}`))
	}))
	defer srv.Close()
	cfg := NewConfiguration()
	cfg.BasePath = srv.URL + "/v1"
	client := NewAPIClient(cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m, _, err := client.HostileTagApi.GetItem(ctx, "id/1", "s p,c", &GetItemOpts{
		FilterAdminTrueX: "f&admin=true", BackSlashTick: `b\` + "`", XABCDE: "w",
	})
	if err != nil {
		t.Fatal(err)
	}
	r := <-got
	want := url.Values{
		`filter"&admin=true&x="`: {"f&admin=true"},
		"back\\slash`tick":       {`b\` + "`"},
		"sp ace,comma":           {"s p,c"},
	}
	if q := r.URL.Query(); len(q) != len(want) {
		t.Errorf("query %q, want %q", r.URL.RawQuery, want.Encode())
	} else {
		for k, v := range want {
			if q.Get(k) != v[0] || len(q[k]) != 1 {
				t.Errorf("query parameter %q = %q, want %q (query %q)", k, q[k], v, r.URL.RawQuery)
			}
		}
	}
	if h := r.Header.Values("X-A'b`c|d~e"); len(h) != 1 || h[0] != "w" {
		t.Errorf("header X-A'b`c|d~e = %q (headers %v)", h, r.Header)
	}
	if p, want := r.URL.EscapedPath(), "/v1/items/id%2F1/%2A/%22%60%5C"; p != want && r.URL.Path != "/v1/items/id/1/*/\"`\\" {
		t.Errorf("path %q (escaped %q), want %q", r.URL.Path, p, want)
	}
	if m.GetQuoTe() != "q" || m.GetBackSlash() != "b" || m.GetField2() != "e" || m.GetLineSep() != "l" {
		t.Errorf("decoded %+v", m)
	}
}
