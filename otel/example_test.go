package tiledbcloudotel_test

import (
	"context"
	"fmt"
	"log"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/tiledbcloud-go/tiledbcloud"
	tiledbcloudotel "github.com/tiledbcloud-go/tiledbcloud/otel"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// A client traced per call and per attempt, against the fake server.
func Example() {
	srv, err := tiledbcloudtest.NewServer(tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "jane"}))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	defer func() { _ = tp.Shutdown(context.Background()) }()

	cfg := srv.Config("jane")
	cfg.Middleware = append(cfg.Middleware, tiledbcloudotel.Middleware(tiledbcloudotel.WithTracerProvider(tp)))
	cfg.WrapTransport = tiledbcloudotel.WrapTransport(tiledbcloudotel.WithTracerProvider(tp))
	client := tiledbcloud.NewAPIClient(cfg)
	if _, _, err := client.UserApi.GetUser(context.Background()); err != nil {
		log.Fatal(err)
	}
	for _, s := range spans.Ended() {
		fmt.Println(s.SpanKind(), s.Name())
	}
	// Output:
	// client GET tiledbcloud.GetUser
	// internal tiledbcloud.GetUser
}
