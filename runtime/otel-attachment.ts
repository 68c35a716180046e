import { context, diag, propagation, trace } from '@opentelemetry/api';
import type { ContextManager, TextMapPropagator, TracerProvider } from '@opentelemetry/api';
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { apiCopies } from './otel-api-copies.js';
import type { ApiCopy } from './otel-api-copies.js';
import {
  delegateOf,
  providerName,
  sdkProviderOf,
  spanProcessorsOf,
  wrapSampler,
} from './sdk-provider.js';
import type { SdkTracerProvider } from './sdk-provider.js';

/** Options of {@link OtelAttachment.attach}. */
export interface OtelAttachmentOptions {
  /** Processors that see a span before the app's (the governance processor stamps verdicts). */
  readonly first: readonly SpanProcessor[];
  /** Processors that see a span after the app's (the recorder). */
  readonly last: readonly SpanProcessor[];
  /** Our own export (OTLP), used only while no app provider is joined: the app's SDK exports. */
  readonly exporters: readonly SpanProcessor[];
  /** Wraps a sampler so governed tool spans are always recorded. */
  readonly wrapSampler: (sampler: Sampler) => Sampler;
  /** Builds our own provider from its processors, for an app without OpenTelemetry. */
  readonly build: (processors: SpanProcessor[]) => NodeTracerProvider;
  /** Register globally (and join an app's provider). False: our provider, not registered. */
  readonly register: boolean;
}

/** How the governance processors reach the spans. */
export type AttachmentMode =
  /** Our provider is the global one (an app without OpenTelemetry of its own). */
  | 'own'
  /** Joined the app's SDK provider: its exporters and ours see the same spans. */
  | 'joined'
  /** Not registered (tests, or an app provider that cannot be joined). */
  | 'detached';

const REGISTRY = Symbol.for('opentelemetry.js.api.1');
type Registry = { context?: unknown; propagation?: unknown; trace?: unknown };

/** What the API has registered globally under TYPE, from any copy of `@opentelemetry/api` 1.x. */
function registered(type: keyof Registry): unknown {
  return (globalThis as { [REGISTRY]?: Registry })[REGISTRY]?.[type];
}

/**
 * Attach, don't replace: puts the governance processors on whatever tracer provider the app
 * uses, whichever of the two is set up first.
 *
 * - The app registered an OpenTelemetry SDK before us (`--require ./tracing.js --require
 *   @agc/otel`): join its provider: our processors go around its own, its sampler is wrapped,
 *   its resource, context manager, propagator and exporters stay.
 * - Nobody did: our provider, context manager and propagator are registered. When the app
 *   registers its own later (`NODE_OPTIONS=--require @agc/otel`, a `tracing.js` imported by the
 *   app), we hand over instead of refusing it: its provider is joined, its context manager and
 *   propagator replace ours, and tracers handed out before keep reaching its exporters.
 *
 * Either way the app's exporters get every span they got before plus the governed tool spans,
 * the recorder and `/metrics` see every governed call, and nothing logs a duplicate
 * registration. A provider that cannot be joined (not an OpenTelemetry JS SDK) is said once, loudly.
 */
export class OtelAttachment {
  private _mode: AttachmentMode;
  private _provider: SdkTracerProvider;
  private readonly _own: NodeTracerProvider;
  private readonly _ours: readonly SpanProcessor[];
  private readonly _joined = new WeakSet<object>();
  private _restore: (() => void) | undefined;

  private constructor(private readonly _options: OtelAttachmentOptions) {
    this._ours = [..._options.first, ..._options.last];
    this._own = _options.build([..._options.first, ..._options.exporters, ..._options.last]);
    this._provider = this._own;
    this._mode = 'detached';
  }

  /** Attaches the processors as described on the class. */
  static attach(options: OtelAttachmentOptions): OtelAttachment {
    const attachment = new OtelAttachment(options);
    if (options.register) attachment._attach();
    return attachment;
  }

  /** How the governance processors reach the spans now. */
  get mode(): AttachmentMode {
    return this._mode;
  }

  /** The provider carrying governance now: ours, or the app's we joined. */
  get provider(): SdkTracerProvider {
    return this._provider;
  }

  /** Flushes our processors (and the app's, when joined: it is the app's flush). */
  async forceFlush(): Promise<void> {
    await this._provider.forceFlush();
  }

  /**
   * Stops our part: our own provider, or, when joined, only our processors (the app owns and
   * shuts down its provider). Undoes the hand-over hooks.
   */
  async shutdown(): Promise<void> {
    this._restore?.();
    this._restore = undefined;
    if (this._mode === 'joined') {
      await Promise.all(this._ours.map((p) => p.shutdown()));
      return;
    }
    await this._own.shutdown();
  }

  private _attach(): void {
    const current = delegateOf(trace.getTracerProvider());
    if (registered('trace') !== undefined) {
      this._join(current);
      return;
    }
    this._own.register();
    this._mode = 'own';
    this._installHandOver(registered('context'), registered('propagation'));
  }

  /** Joins PROVIDER (the app's); says so loudly when it cannot be joined. */
  private _join(provider: TracerProvider): void {
    const sdk = sdkProviderOf(provider);
    if (sdk === undefined) {
      this._mode = 'detached';
      diag.warn(
        `@agc/otel: the app's tracer provider (${providerName(provider)}) is not an OpenTelemetry JS SDK provider and cannot be joined: tool calls are still governed, but their spans are not recorded and not counted in /metrics. Add the processors from @agc/otel/processors to it instead.`,
      );
      return;
    }
    if (!this._joined.has(sdk)) {
      this._joined.add(sdk);
      const list = spanProcessorsOf(sdk) ?? [];
      const apps = list.slice();
      list.splice(0, list.length, ...this._options.first, ...apps, ...this._options.last);
      wrapSampler(sdk, this._options.wrapSampler);
      // Tracers handed out by our provider before the hand-over keep working: their spans now
      // also reach the app's processors, and our own export stops (the app's SDK exports).
      const own = spanProcessorsOf(this._own);
      if (own !== undefined && sdk !== this._own) {
        own.splice(0, own.length, ...this._options.first, ...apps, ...this._options.last);
        for (const exporter of this._options.exporters) void exporter.shutdown();
      }
    }
    this._provider = sdk;
    this._mode = 'joined';
    diag.debug(`@agc/otel: joined the app's ${providerName(sdk)}`);
  }

  /**
   * Lets a later `setGlobalTracerProvider` / `setGlobalContextManager` / `setGlobalPropagator`
   * of the app replace ours (joining its provider) instead of failing with "duplicate registration".
   */
  private _installHandOver(ownContext: unknown, ownPropagator: unknown): void {
    const restores = apiCopies().map((copy) => this._handOverIn(copy, ownContext, ownPropagator));
    this._restore = () => {
      for (const restore of restores) restore();
    };
  }

  /** Patches one API copy's registration calls; returns how to undo it. */
  private _handOverIn(copy: ApiCopy, ownContext: unknown, ownPropagator: unknown): () => void {
    const { trace: t, context: c, propagation: p } = copy;
    const originals = {
      trace: t.setGlobalTracerProvider.bind(t),
      context: c.setGlobalContextManager.bind(c),
      propagation: p.setGlobalPropagator.bind(p),
    };
    t.setGlobalTracerProvider = (provider: TracerProvider): boolean => {
      if (this._mode === 'own' && delegateOf(trace.getTracerProvider()) === this._own) {
        const real = delegateOf(provider);
        if (real !== this._own) {
          trace.disable();
          this._join(real);
        }
      }
      return originals.trace(provider);
    };
    c.setGlobalContextManager = (manager: ContextManager): boolean => {
      if (registered('context') === ownContext && manager !== ownContext) context.disable();
      return originals.context(manager);
    };
    p.setGlobalPropagator = (propagator: TextMapPropagator): boolean => {
      if (registered('propagation') === ownPropagator && propagator !== ownPropagator) {
        propagation.disable();
      }
      return originals.propagation(propagator);
    };
    return () => {
      delete (t as Partial<typeof t>).setGlobalTracerProvider;
      delete (c as Partial<typeof c>).setGlobalContextManager;
      delete (p as Partial<typeof p>).setGlobalPropagator;
    };
  }
}
