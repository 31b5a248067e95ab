// Command otel traces the tiledbcloud SDK with OpenTelemetry, through
// Configuration.WrapTransport and otelhttp, with no account and no network
// needed:
//
//	cd examples/otel && go run .
//
// It starts the embedded fake server of package tiledbcloudtest, runs a
// short session against it (GetUser with one injected 503, so that the call
// takes two attempts; RequestToken; TokensGet; RevokeToken of the new token;
// GetSession with basic auth) and prints one line per span: one client span
// per attempt, named after the SDK operation, inside a "session" span.
//
// No span holds a secret: otelhttp records no headers or bodies, and the
// URL it records has every path parameter and query value redacted (see
// Tracing), so neither the API key, the password nor the revoked token
// appears.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// The seeded user of the embedded server. The secrets are examples for a
// throwaway in-memory server, never printed.
const (
	demoUsername  = "jane"
	demoPassword  = "correct-horse-battery"
	demoAPIKey    = "jane-seeded-api-key"
	demoTokenName = "otel-example"
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
// one line per span to w.
func run(ctx context.Context, w io.Writer) error {
	srv, err := newServer()
	if err != nil {
		return err
	}
	defer srv.Close()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(&lineExporter{w: w}))
	err = session(ctx, srv, tp)
	return errors.Join(err, tp.Shutdown(ctx))
}

// newServer starts the fake server with the demo user.
func newServer() (*tiledbcloudtest.Server, error) {
	return tiledbcloudtest.NewServer(tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{
		Username: demoUsername, Password: demoPassword, APIKey: demoAPIKey,
	}))
}

// session makes a few calls to srv as the demo user, inside a "session"
// span, with every attempt traced by tp.
func session(ctx context.Context, srv *tiledbcloudtest.Server, tp trace.TracerProvider) error {
	ctx, span := tp.Tracer("github.com/tiledbcloud-go/tiledbcloud/examples/otel").Start(ctx, "session")
	defer span.End()

	// Each attempt carries its span to the server in a traceparent header.
	tracing := Tracing(tp, otelhttp.WithPropagators(propagation.TraceContext{}))

	// Server.Config authenticates with the user's API key.
	keyCfg := srv.Config(demoUsername)
	keyCfg.WrapTransport = tracing
	api := tiledbcloud.NewAPIClient(keyCfg).UserApi

	// The same user with basic auth, for GetSession.
	basicCfg := srv.Config(demoUsername)
	basicCfg.APIKey, basicCfg.Username, basicCfg.Password = "", demoUsername, demoPassword
	basicCfg.WrapTransport = tracing
	basicAPI := tiledbcloud.NewAPIClient(basicCfg).UserApi

	// One 503 first, which the SDK retries: two attempts, two spans.
	if err := srv.FailNext(tiledbcloudtest.OpGetUser, 1, http.StatusServiceUnavailable, 0); err != nil {
		return err
	}
	if _, _, err := api.GetUser(ctx); err != nil {
		return fmt.Errorf("GetUser: %w", err)
	}
	name := demoTokenName
	token, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: &name})
	if err != nil {
		return fmt.Errorf("RequestToken: %w", err)
	}
	if token.Token == nil {
		return errors.New("RequestToken: the response has no token")
	}
	if _, _, err := api.TokensGet(ctx); err != nil {
		return fmt.Errorf("TokensGet: %w", err)
	}
	// By value rather than by name, so that the path holds a secret.
	if _, err := api.RevokeToken(ctx, *token.Token); err != nil {
		return fmt.Errorf("RevokeToken: %w", err)
	}
	if _, _, err := basicAPI.GetSession(ctx, nil); err != nil {
		return fmt.Errorf("GetSession: %w", err)
	}
	return nil
}

// lineExporter writes one line per span to w: its name and, for an
// attempt, the attempt number, the response status and the URL as
// recorded.
type lineExporter struct{ w io.Writer }

// ExportSpans writes spans to e.w. The simple span processor calls it
// under its own lock, so it needs none.
func (e *lineExporter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	for _, s := range spans {
		attrs := make(map[string]string)
		for _, kv := range s.Attributes() {
			attrs[string(kv.Key)] = kv.Value.String()
		}
		if s.SpanKind() != trace.SpanKindClient {
			fmt.Fprintf(e.w, "%-28s trace %s\n", s.Name(), s.SpanContext().TraceID())
			continue
		}
		_, err := fmt.Fprintf(e.w, "%-28s attempt %s  %s %s  %s\n", s.Name(), attrs[string(attrAttempt)],
			attrs[string(semconv.HTTPRequestMethodKey)], attrs[string(semconv.HTTPResponseStatusCodeKey)],
			attrs[string(semconv.URLFullKey)])
		if err != nil {
			return err
		}
	}
	return nil
}

// Shutdown has nothing to release.
func (e *lineExporter) Shutdown(context.Context) error { return nil }
