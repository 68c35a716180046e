import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { packageRequire } from '../common/index.js';
import type { OtlpProtocol } from './runtime-config.js';

/** The OTel JS exporter package of each OTLP transport. */
const PACKAGES: Readonly<Record<OtlpProtocol, string>> = {
  grpc: '@opentelemetry/exporter-trace-otlp-grpc',
  'http/protobuf': '@opentelemetry/exporter-trace-otlp-proto',
  'http/json': '@opentelemetry/exporter-trace-otlp-http',
};

type ExporterModule = { OTLPTraceExporter: new () => SpanExporter };

/**
 * The OpenTelemetry JS OTLP trace exporter for PROTOCOL, loaded only when OTLP export is on (a
 * process without it pays nothing for gRPC or protobuf). Each reads the standard
 * `OTEL_EXPORTER_OTLP_*` / `OTEL_EXPORTER_OTLP_TRACES_*` variables itself: endpoint, headers,
 * timeout, compression, certificates.
 */
export function createOtlpTraceExporter(protocol: OtlpProtocol): SpanExporter {
  const module = packageRequire()(PACKAGES[protocol]) as ExporterModule;
  return new module.OTLPTraceExporter();
}
