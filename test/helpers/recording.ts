import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IExportTraceServiceRequest } from '@opentelemetry/otlp-transformer/build/src/trace/internal-types.js';

/** A recorded span, flattened for assertions. */
export interface RecordedSpan {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly status: number;
  readonly attributes: Record<string, unknown>;
  readonly events: string[];
  readonly resource: Record<string, unknown>;
}

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
};

/** Decodes one OTel AnyValue. */
export function anyValue(v: AnyValue | undefined): unknown {
  if (v === undefined) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(anyValue);
  return undefined;
}

function attrs(
  list: readonly { key: string; value?: unknown }[] | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of list ?? []) out[a.key] = anyValue(a.value as AnyValue);
  return out;
}

/** Parses recording LINES (OTLP/JSON ExportTraceServiceRequest per line) into spans. */
export function spansOfLines(lines: readonly string[]): RecordedSpan[] {
  const spans: RecordedSpan[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const request = JSON.parse(line) as IExportTraceServiceRequest;
    for (const rs of request.resourceSpans ?? []) {
      const resource = attrs(rs.resource?.attributes);
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          spans.push({
            name: s.name ?? '',
            traceId: String(s.traceId ?? ''),
            spanId: String(s.spanId ?? ''),
            parentSpanId: s.parentSpanId ? String(s.parentSpanId) : undefined,
            status: s.status?.code ?? 0,
            attributes: attrs(s.attributes),
            events: (s.events ?? []).map((e) => e.name ?? ''),
            resource,
          });
        }
      }
    }
  }
  return spans;
}

/** Every `.jsonl` file in DIR, oldest name first. */
export function recordingFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}

/** All spans recorded in DIR. */
export function readRecordedSpans(dir: string): RecordedSpan[] {
  return spansOfLines(recordingFiles(dir).flatMap((f) => readFileSync(f, 'utf8').split('\n')));
}
