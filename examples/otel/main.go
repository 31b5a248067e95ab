// Command otel traces the tiledbcloud SDK with OpenTelemetry through the
// module github.com/tiledbcloud-go/tiledbcloud/otel, with no account and
// no network needed:
//
//	cd examples/otel && go run .
//
// It starts the embedded fake server of package tiledbcloudtest, runs a
// short session against it (GetUser with one injected 503, so that the call
// takes two attempts; RequestToken; RevokeToken of the new token, which
// puts the token in the path) and prints one line per span: a span per
// call, and a client span per attempt inside it. No span holds the API key
// or the token.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/tiledbcloud-go/tiledbcloud"
	tiledbcloudotel "github.com/tiledbcloud-go/tiledbcloud/otel"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// maxRunTime bounds a whole run, so that a stuck server cannot hang it.
const maxRunTime = time.Minute

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), maxRunTime)
	err := run(ctx, os.Stdout)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "otel:", err)
		os.Exit(1)
	}
}

// run starts the fake server, runs a traced session against it and writes
// one line per span to w, in the order the spans end.
func run(ctx context.Context, w io.Writer) error {
	srv, err := tiledbcloudtest.NewServer(tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "jane"}))
	if err != nil {
		return err
	}
	defer srv.Close()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(&lineExporter{w: w}))

	cfg := srv.Config("jane")
	cfg.Middleware = append(cfg.Middleware, tiledbcloudotel.Middleware(tiledbcloudotel.WithTracerProvider(tp)))
	cfg.WrapTransport = tiledbcloudotel.WrapTransport(tiledbcloudotel.WithTracerProvider(tp))
	api := tiledbcloud.NewAPIClient(cfg).UserApi

	err = srv.FailNext(tiledbcloudtest.OpGetUser, 1, http.StatusServiceUnavailable, 0)
	if err == nil {
		_, _, err = api.GetUser(ctx)
	}
	var token *tiledbcloud.Token
	if err == nil {
		token, _, err = api.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("otel-example")})
	}
	if err == nil {
		_, err = api.RevokeToken(ctx, token.GetToken())
	}
	return errors.Join(err, tp.Shutdown(ctx))
}

// lineExporter writes one line per span to w: its name, the status code,
// and the CallID of a call or the attempt number and URL of an attempt.
type lineExporter struct{ w io.Writer }

// ExportSpans writes spans to e.w. The simple span processor calls it
// under its own lock, so it needs none.
func (e *lineExporter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	for _, s := range spans {
		attrs := make(map[string]string)
		for _, kv := range s.Attributes() {
			attrs[string(kv.Key)] = kv.Value.String()
		}
		status := attrs[string(semconv.HTTPResponseStatusCodeKey)]
		line := fmt.Sprintf("%-34s %s  call %s", s.Name(), status, attrs[string(tiledbcloudotel.AttrCallID)])
		if n := attrs[string(tiledbcloudotel.AttrAttempt)]; n != "" {
			line = fmt.Sprintf("  %-32s %s  attempt %s  %s", s.Name(), status, n, attrs[string(semconv.URLFullKey)])
		}
		if _, err := fmt.Fprintln(e.w, line); err != nil {
			return err
		}
	}
	return nil
}

// Shutdown has nothing to release.
func (e *lineExporter) Shutdown(context.Context) error { return nil }
