import type { Span } from '@opentelemetry/api';
import { InstrumentationBase, isWrapped } from '@opentelemetry/instrumentation';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { packageVersion } from '../common/index.js';
import { exportedPrototype } from './exported-class.js';
import { govern } from './govern.js';
import { governExistingSpan } from './govern-existing-span.js';
import type { GovernedCall, ResultCodec } from './govern.js';
import { isSameGovernedCall, runAsGovernedCall } from './governed-call-context.js';
import { isPolicyDeniedError } from './policy-denied-error.js';
import type { PolicyDeniedError } from './policy-denied-error.js';

/** Options every framework instrumentation takes. */
export interface AgcInstrumentationConfig extends InstrumentationConfig {
  /**
   * Throw {@link PolicyDeniedError} from the framework's tool dispatch instead of answering with
   * the framework's own refusal (tool error result, guardrail rejection). What the framework
   * then does with the error is its own behaviour (some report every tool error to the model).
   * @default false
   */
  readonly throwOnDeny?: boolean;
}

/** Any function (every function type is assignable to it). */
type AnyFunction = (...args: never[]) => unknown;

/**
 * Base of the framework instrumentations: an OpenTelemetry `InstrumentationBase` (contrib
 * shape) plus the one dispatch path every patch takes ({@link AgcInstrumentation._dispatch}) and
 * a record of every method it wrapped, so `disable()` restores all of them.
 */
export abstract class AgcInstrumentation<
  Config extends AgcInstrumentationConfig = AgcInstrumentationConfig,
> extends InstrumentationBase<Config> {
  // `declare`d and created lazily: the base constructor calls init() and enable() before field
  // initialisers run, and an initialiser would reset what they set.
  declare private _wrapped: Map<object, Set<string>> | undefined;
  declare private _warned: Set<string> | undefined;

  /** FRAMEWORK names the instrumentation (`@agc/otel/instrumentation-<framework>`). */
  constructor(framework: string, config: Config) {
    super(`@agc/otel/instrumentation-${framework}`, packageVersion(), config);
  }

  /** Unpatches everything this instrumentation wrapped (every copy of every module). */
  override disable(): void {
    super.disable();
    for (const [target, names] of this._wrapped ?? []) {
      for (const name of names) {
        try {
          this._unwrap(target, name as keyof typeof target);
        } catch (error) {
          this._warnOnce(`unwrap ${name}`, error);
        }
      }
    }
    this._wrapped?.clear();
  }

  /**
   * The dispatch every patched function goes through (STYLE rule 7). Disabled → RUN. DESCRIBE
   * builds the governed call from the framework's arguments; if it throws (or returns undefined:
   * not a tool call) RUN is called unchanged. A call already governed one layer up (same tool,
   * governed span still active) runs without a second span. Otherwise `govern()` runs it; a deny
   * becomes REFUSE's result (the framework's own refusal shape) unless `throwOnDeny` is set or
   * there is no REFUSE, in which case the {@link PolicyDeniedError} is thrown. RUN never runs on
   * deny. An unexpected failure of `govern()` itself before RUN started calls RUN (fail open).
   * With EXISTING (a tool span the framework opened itself), that span is governed and enriched
   * instead of opening a second one. CODEC records the result and serves it back in a re-run
   * where the framework's result is not plain JSON (see `GovernOptions.codec`).
   */
  protected _dispatch<T>(
    describe: () => GovernedCall | undefined,
    run: () => T,
    refuse?: (denied: PolicyDeniedError) => T,
    existing?: Span,
    codec?: ResultCodec,
  ): T {
    if (!this.isEnabled()) return run();
    let call: GovernedCall | undefined;
    try {
      call = describe();
      if (call !== undefined && isSameGovernedCall(call.tool)) call = undefined;
    } catch (error) {
      this._warnOnce('describe', error);
      call = undefined;
    }
    if (call === undefined) return run();
    const tool = call.tool;
    let started = false;
    const governed = (): T => {
      started = true;
      return runAsGovernedCall(tool, run);
    };
    try {
      return existing === undefined
        ? govern(call, governed, { agentFrom: 'framework', ...(codec !== undefined && { codec }) })
        : governExistingSpan(existing, call, governed);
    } catch (error) {
      if (started) throw error;
      if (!isPolicyDeniedError(error)) {
        this._warnOnce('govern', error);
        return run();
      }
      if (refuse === undefined || this.getConfig().throwOnDeny === true) throw error;
      try {
        return refuse(error);
      } catch (refusalError) {
        // The refusal could not be shaped: the deny still stands, as the typed error.
        this._warnOnce('refuse', refusalError, 'throwing the PolicyDeniedError instead');
        throw error;
      }
    }
  }

  /**
   * Wraps TARGET[NAME] (a prototype method, or an exported function on a mutable module object)
   * once, and remembers it for {@link disable}. Non-functions and wrapped methods are left alone;
   * a target that cannot be patched is logged and left as it is (never thrown into the loader).
   */
  protected _patchMethod(
    target: object,
    name: string,
    wrapper: (original: AnyFunction) => AnyFunction,
  ): void {
    try {
      const current = (target as Record<string, unknown>)[name];
      if (typeof current !== 'function') {
        this._warnOnce(
          `patch ${name}`,
          'not a function in this version',
          `${name} is not governed`,
        );
        return;
      }
      if (isWrapped(current)) return;
      const wrap = this._wrap as unknown as (
        nodule: object,
        field: string,
        wrapper: (original: AnyFunction) => AnyFunction,
      ) => unknown;
      wrap(target, name, wrapper);
      this._wrapped ??= new Map();
      let names = this._wrapped.get(target);
      if (names === undefined) this._wrapped.set(target, (names = new Set()));
      names.add(name);
    } catch (error) {
      this._warnOnce(`patch ${name}`, error, `${name} is not governed`);
    }
  }

  /**
   * The prototype of class NAME exported by a framework module, or undefined (logged once: the
   * framework version moved it, and the calls through it are not governed).
   */
  protected _prototypeOf(exports: unknown, name: string): object | undefined {
    const proto = exportedPrototype(exports, name);
    if (proto === undefined) {
      this._warnOnce(
        `patch ${name}`,
        'class not exported in this version',
        `${name} is not governed`,
      );
    }
    return proto;
  }

  /** Logs an internal failure once per place (further ones are silent), through OTel diag. */
  protected _warnOnce(
    where: string,
    error: unknown,
    consequence = 'calling the original (fail open)',
  ): void {
    this._warned ??= new Set();
    if (this._warned.has(where)) return;
    this._warned.add(where);
    this._diag.warn(`${where} failed; ${consequence}`, error);
  }
}
