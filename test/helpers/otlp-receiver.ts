import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';

/** A span as the receiver decoded it: its name and string/int attributes. */
export interface ReceivedSpan {
  readonly name: string;
  readonly attributes: Record<string, unknown>;
}

/** A local OTLP trace receiver on one transport. */
export interface OtlpReceiver {
  /** The endpoint to put in OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint: string;
  /** Every span received so far. */
  readonly spans: ReceivedSpan[];
  /** Content types (HTTP) or ':grpc' seen, one per request. */
  readonly requests: string[];
  /** Each request body as text (http/json: the OTLP JSON as sent). */
  readonly bodies: string[];
  close(): Promise<void>;
}

// The OTLP trace messages, with the field numbers of opentelemetry-proto (only what we assert).
const root = protobuf.Root.fromJSON({
  nested: {
    AnyValue: {
      oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue'] } },
      fields: {
        stringValue: { type: 'string', id: 1 },
        boolValue: { type: 'bool', id: 2 },
        intValue: { type: 'int64', id: 3 },
        doubleValue: { type: 'double', id: 4 },
      },
    },
    KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
    Span: {
      fields: {
        name: { type: 'string', id: 5 },
        attributes: { rule: 'repeated', type: 'KeyValue', id: 9 },
      },
    },
    ScopeSpans: { fields: { spans: { rule: 'repeated', type: 'Span', id: 2 } } },
    ResourceSpans: { fields: { scopeSpans: { rule: 'repeated', type: 'ScopeSpans', id: 2 } } },
    ExportTraceServiceRequest: {
      fields: { resourceSpans: { rule: 'repeated', type: 'ResourceSpans', id: 1 } },
    },
  },
});
const Request = root.lookupType('ExportTraceServiceRequest');

type Json = {
  resourceSpans?: {
    scopeSpans?: {
      spans?: { name?: string; attributes?: { key: string; value?: Record<string, unknown> }[] }[];
    }[];
  }[];
};

function spansOf(request: Json): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((rs) =>
    (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        name: s.name ?? '',
        attributes: Object.fromEntries(
          (s.attributes ?? []).map((a) => {
            const v = a.value ?? {};
            const value = v.stringValue ?? v.boolValue ?? v.doubleValue ?? v.intValue;
            return [a.key, typeof value === 'string' && 'intValue' in v ? Number(value) : value];
          }),
        ),
      })),
    ),
  );
}

function decodeProtobuf(body: Buffer): Json {
  return Request.toObject(Request.decode(body), { longs: String, defaults: false });
}

/** Starts a receiver for PROTOCOL on a free loopback port. */
export async function startOtlpReceiver(
  protocol: 'grpc' | 'http/protobuf' | 'http/json',
): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const requests: string[] = [];
  const bodies: string[] = [];
  if (protocol === 'grpc') {
    const server = new grpc.Server();
    server.addService(
      {
        Export: {
          path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          requestStream: false,
          responseStream: false,
          requestSerialize: (value: Buffer) => value,
          requestDeserialize: (bytes: Buffer) => bytes,
          responseSerialize: () => Buffer.alloc(0),
          responseDeserialize: (bytes: Buffer) => bytes,
        },
      },
      {
        Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, done: grpc.sendUnaryData<Buffer>) => {
          requests.push(':grpc');
          bodies.push(call.request.toString('latin1'));
          spans.push(...spansOf(decodeProtobuf(call.request)));
          done(null, Buffer.alloc(0));
        },
      },
    );
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, p) =>
        error ? reject(error) : resolve(p),
      ),
    );
    return {
      endpoint: `http://127.0.0.1:${port}`,
      spans,
      requests,
      bodies,
      close: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
    };
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const type = req.headers['content-type'] ?? '';
      requests.push(type);
      const body = Buffer.concat(chunks);
      bodies.push(body.toString(type.includes('json') ? 'utf8' : 'latin1'));
      const json = type.includes('json')
        ? (JSON.parse(body.toString('utf8')) as Json)
        : decodeProtobuf(body);
      spans.push(...spansOf(json));
      res.writeHead(200, { 'content-type': type }).end(type.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    requests,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
