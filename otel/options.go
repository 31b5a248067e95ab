package tiledbcloudotel

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// scope names this package as the instrumentation scope of its tracer and meter.
const scope = "github.com/tiledbcloud-go/tiledbcloud/otel"

// Option configures Middleware and WrapTransport.
type Option func(*config)

// config is what the options set; nil fields mean the global ones.
type config struct {
	tracerProvider trace.TracerProvider
	meterProvider  metric.MeterProvider
	propagator     propagation.TextMapPropagator
}

// WithTracerProvider records spans with tp instead of the global
// TracerProvider (otel.GetTracerProvider); nil means the global one.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) { c.tracerProvider = tp }
}

// WithMeterProvider records metrics with mp instead of the global
// MeterProvider (otel.GetMeterProvider); nil means the global one.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) { c.meterProvider = mp }
}

// WithPropagators makes WrapTransport inject the trace context into each
// attempt's request headers with p instead of the global propagator
// (otel.GetTextMapPropagator, which injects nothing until one is set); nil
// means the global one.
func WithPropagators(p propagation.TextMapPropagator) Option {
	return func(c *config) { c.propagator = p }
}

// newConfig applies opts over the global providers.
func newConfig(opts []Option) config {
	var c config
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	if c.tracerProvider == nil {
		c.tracerProvider = otel.GetTracerProvider()
	}
	if c.meterProvider == nil {
		c.meterProvider = otel.GetMeterProvider()
	}
	if c.propagator == nil {
		c.propagator = otel.GetTextMapPropagator()
	}
	return c
}

// tracer returns the tracer of this package from c's provider.
func (c config) tracer() trace.Tracer {
	return c.tracerProvider.Tracer(scope, trace.WithInstrumentationVersion(tiledbcloud.Version))
}

// meter returns the meter of this package from c's provider.
func (c config) meter() metric.Meter {
	return c.meterProvider.Meter(scope, metric.WithInstrumentationVersion(tiledbcloud.Version))
}
