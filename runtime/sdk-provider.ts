import type { TracerProvider } from '@opentelemetry/api';
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * The parts of an OpenTelemetry JS SDK tracer provider that joining it needs. Every provider of
 * `@opentelemetry/sdk-trace-base` 2.x and `@opentelemetry/sdk-trace` 3.x (`BasicTracerProvider`,
 * `NodeTracerProvider`, the one `NodeSDK` builds) fans out through a `MultiSpanProcessor` whose
 * `_spanProcessors` array every one of its tracers reads on each span, and keeps the sampler new
 * tracers get in `_tracerOptions` (2.12+, 3.x) or `_config` (2.0–2.11). The SDK has no public way to
 * add a processor after construction (2.0 removed `addSpanProcessor`), so this is the one place
 * that reads these internals; {@link sdkProviderOf} refuses a provider that lacks them.
 */
export interface SdkTracerProvider extends TracerProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

interface ProviderInternals {
  _activeSpanProcessor?: { _spanProcessors?: unknown };
  _tracerOptions?: { sampler?: Sampler };
  _config?: { sampler?: Sampler };
}

interface ProxyProvider extends TracerProvider {
  getDelegate(): TracerProvider;
}

/** The real provider behind the API's global proxy (or PROVIDER itself). */
export function delegateOf(provider: TracerProvider): TracerProvider {
  const proxy = provider as Partial<ProxyProvider>;
  return typeof proxy.getDelegate === 'function' ? proxy.getDelegate() : provider;
}

/** PROVIDER as an SDK provider whose processors can be joined, or undefined. */
export function sdkProviderOf(provider: TracerProvider): SdkTracerProvider | undefined {
  return spanProcessorsOf(provider) !== undefined ? (provider as SdkTracerProvider) : undefined;
}

/** The live processor list of an SDK provider (mutating it changes what every tracer calls). */
export function spanProcessorsOf(provider: TracerProvider): SpanProcessor[] | undefined {
  const list = (provider as ProviderInternals)._activeSpanProcessor?._spanProcessors;
  return Array.isArray(list) ? (list as SpanProcessor[]) : undefined;
}

/**
 * Replaces the sampler that tracers obtained from PROVIDER from now on get, with WRAP(current).
 * Tracers already handed out keep theirs. Returns false when the provider keeps no sampler
 * where this can see it.
 */
export function wrapSampler(provider: TracerProvider, wrap: (s: Sampler) => Sampler): boolean {
  const internals = provider as ProviderInternals;
  const options = internals._tracerOptions ?? internals._config;
  if (options?.sampler === undefined) return false;
  options.sampler = wrap(options.sampler);
  return true;
}

/** A short name for a provider, for messages. */
export function providerName(provider: TracerProvider): string {
  const name = (provider as { constructor?: { name?: string } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'an unknown tracer provider';
}
