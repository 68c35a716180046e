import { RECORDING_CHAIN_ATTRIBUTE } from './recording-chain.js';
import type {
  AttributeValue,
  Attributes,
  RecordedEvent,
  RecordedSpan,
  SourceRef,
  StatusCode,
} from './types.js';

/** A line that parses as JSON but is not a usable OTLP/JSON trace request. */
export class OtlpShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpShapeError';
  }
}

type Json = Record<string, unknown>;

const NO_EVENTS: readonly RecordedEvent[] = Object.freeze([]);

/**
 * Decodes one OTLP/JSON `ExportTraceServiceRequest` (one recording line) into spans. Accepts
 * both writers' spellings: OTel JS's serializer (hex ids, string nanoseconds, numeric
 * `intValue`) and the Collector's file exporter (`intValue` as a string, enum names for status
 * codes, base64 ids from older protojson writers). The recording chain attribute is dropped.
 *
 * Returns undefined for a valid OTLP line that holds no traces (`resourceMetrics`,
 * `resourceLogs`), so a shared file exporter's other signals are ignored, not failed.
 *
 * @throws {@link OtlpShapeError} naming the first field that is wrong.
 */
export function decodeTraceRequest(
  request: unknown,
  origin: SourceRef,
): RecordedSpan[] | undefined {
  if (!isObject(request)) throw new OtlpShapeError('not a JSON object');
  const resourceSpans = request.resourceSpans;
  if (resourceSpans === undefined) {
    if ('resourceMetrics' in request || 'resourceLogs' in request) return undefined;
    throw new OtlpShapeError('not an OTLP/JSON trace request (no resourceSpans)');
  }
  if (!Array.isArray(resourceSpans)) throw new OtlpShapeError('resourceSpans is not an array');
  const spans: RecordedSpan[] = [];
  for (let r = 0; r < resourceSpans.length; r++) {
    const rs: unknown = resourceSpans[r];
    if (!isObject(rs)) throw new OtlpShapeError(`resourceSpans[${r}] is not an object`);
    const service = serviceName(rs.resource);
    const scopeSpans = rs.scopeSpans ?? rs.instrumentationLibrarySpans ?? [];
    if (!Array.isArray(scopeSpans)) {
      throw new OtlpShapeError(`resourceSpans[${r}].scopeSpans is not an array`);
    }
    for (let s = 0; s < scopeSpans.length; s++) {
      const ss: unknown = scopeSpans[s];
      if (!isObject(ss))
        throw new OtlpShapeError(`resourceSpans[${r}].scopeSpans[${s}] is not an object`);
      const scopeValue = ss.scope ?? ss.instrumentationLibrary;
      const scope =
        isObject(scopeValue) && typeof scopeValue.name === 'string' ? scopeValue.name : undefined;
      const list = ss.spans ?? [];
      if (!Array.isArray(list)) {
        throw new OtlpShapeError(`resourceSpans[${r}].scopeSpans[${s}].spans is not an array`);
      }
      for (let i = 0; i < list.length; i++) {
        const where = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        spans.push(decodeSpan(list[i], where, service, scope, origin));
      }
    }
  }
  return spans;
}

function decodeSpan(
  value: unknown,
  where: string,
  service: string | undefined,
  scope: string | undefined,
  origin: SourceRef,
): RecordedSpan {
  if (!isObject(value)) throw new OtlpShapeError(`${where} is not an object`);
  const traceId = id(value.traceId, 16);
  const spanId = id(value.spanId, 8);
  if (traceId === undefined) throw new OtlpShapeError(`${where}: traceId is missing or not an id`);
  if (spanId === undefined) throw new OtlpShapeError(`${where}: spanId is missing or not an id`);
  const start = nanos(value.startTimeUnixNano);
  const end = nanos(value.endTimeUnixNano);
  if (start === undefined) throw new OtlpShapeError(`${where}: startTimeUnixNano is not a time`);
  if (end === undefined) throw new OtlpShapeError(`${where}: endTimeUnixNano is not a time`);
  const parentSpanId = id(value.parentSpanId, 8);
  const status = isObject(value.status) ? value.status : undefined;
  const message =
    status && typeof status.message === 'string' && status.message !== ''
      ? status.message
      : undefined;
  const span: {
    -readonly [K in keyof RecordedSpan]: RecordedSpan[K];
  } = {
    traceId,
    spanId,
    name: typeof value.name === 'string' ? value.name : '',
    kind: typeof value.kind === 'number' ? value.kind : 0,
    startMs: start[0] + start[1] / 1e6,
    endMs: end[0] + end[1] / 1e6,
    durationMs: end[0] - start[0] + (end[1] - start[1]) / 1e6,
    status:
      message === undefined
        ? { code: statusCode(status?.code) }
        : { code: statusCode(status?.code), message },
    attributes: attributes(value.attributes),
    events:
      Array.isArray(value.events) && value.events.length > 0
        ? value.events.map(decodeEvent)
        : NO_EVENTS,
    origin,
  };
  if (parentSpanId !== undefined) span.parentSpanId = parentSpanId;
  if (service !== undefined) span.service = service;
  if (scope !== undefined) span.scope = scope;
  return span;
}

function decodeEvent(value: unknown): RecordedEvent {
  if (!isObject(value)) return { name: '', timeMs: 0, attributes: attributes(undefined) };
  const time = nanos(value.timeUnixNano);
  return {
    name: typeof value.name === 'string' ? value.name : '',
    timeMs: time === undefined ? 0 : time[0] + time[1] / 1e6,
    attributes: attributes(value.attributes),
  };
}

/** Decodes an OTLP `KeyValue` list into a plain object (a `__proto__` key stays data). */
export function attributes(list: unknown): Attributes {
  const out: Record<string, AttributeValue> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (!isObject(kv) || typeof kv.key !== 'string') continue;
    const key = kv.key;
    if (key === RECORDING_CHAIN_ATTRIBUTE) continue;
    if (key === '__proto__') {
      Object.defineProperty(out, key, {
        value: anyValue(kv.value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else out[key] = anyValue(kv.value);
  }
  return out;
}

/** Decodes one OTLP `AnyValue`. */
export function anyValue(value: unknown): AttributeValue {
  if (!isObject(value)) return null;
  const v = value;
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (isObject(v.arrayValue)) {
    const values = v.arrayValue.values;
    return Array.isArray(values) ? values.map(anyValue) : [];
  }
  if (isObject(v.kvlistValue)) return attributes(v.kvlistValue.values);
  if (typeof v.bytesValue === 'string') return v.bytesValue;
  return null;
}

function serviceName(resource: unknown): string | undefined {
  if (!isObject(resource) || !Array.isArray(resource.attributes)) return undefined;
  for (const kv of resource.attributes) {
    if (isObject(kv) && kv.key === 'service.name' && isObject(kv.value)) {
      const name = kv.value.stringValue;
      return typeof name === 'string' ? name : undefined;
    }
  }
  return undefined;
}

const HEX = /^[0-9a-fA-F]+$/;

/** A hex id of BYTES bytes from hex (the OTLP/JSON rule) or base64 (protojson); else undefined. */
function id(value: unknown, bytes: number): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (value.length === bytes * 2 && HEX.test(value)) return value.toLowerCase();
  const decoded = Buffer.from(value, 'base64');
  return decoded.length === bytes ? decoded.toString('hex') : undefined;
}

/** Nanoseconds (string or number) split as [whole ms, remaining ns]; exact for strings. */
function nanos(value: unknown): [number, number] | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    const ms = Math.floor(value / 1e6);
    return [ms, value - ms * 1e6];
  }
  if (typeof value !== 'string' || value === '' || value.length > 25) return undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  if (value.length <= 6) return [0, Number(value)];
  return [Number(value.slice(0, -6)), Number(value.slice(-6))];
}

function statusCode(value: unknown): StatusCode {
  if (value === 1 || value === 'STATUS_CODE_OK') return 1;
  if (value === 2 || value === 'STATUS_CODE_ERROR') return 2;
  return 0;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
