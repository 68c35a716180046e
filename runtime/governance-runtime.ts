import { resolve } from 'node:path';
import { diag } from '@opentelemetry/api';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { PolicyWatcher } from '../policy/index.js';
import type { Policy } from '../policy/index.js';
import type { SloSpec } from '../slo/index.js';
import type { AnomalyOptions } from '../anomaly/index.js';
import { AnomalyGovernance } from '../processors/anomaly-governance.js';
import { ChaosInjector } from '../processors/chaos/chaos-injector.js';
import { loadChaosSpec } from '../processors/chaos/chaos-spec.js';
import { CountedBatchSpanProcessor } from '../processors/counted-batch-processor.js';
import { RedactingSpanExporter } from '../processors/redacting-exporter.js';
import { ReplayCassette } from '../recording/replay-cassette.js';
import { GovernanceMetrics } from '../processors/governance-metrics.js';
import { GovernanceSampler } from '../processors/governance-sampler.js';
import { GovernanceSpanProcessor } from '../processors/governance-span-processor.js';
import { Governor } from '../processors/governor.js';
import { ensureAdminToken } from './admin-token.js';
import { startMetricsServer } from './metrics-server.js';
import type { MetricsServer } from './metrics-server.js';
import { RecordingSpanProcessor } from '../processors/recorder/recording-span-processor.js';
import type { KeyObject } from 'node:crypto';
import { CHECKPOINT_SPAN_NAME, checkpointAttributes } from '../recording/recording-checkpoint.js';
import { TRACER_NAME } from '../conventions/index.js';
import { loadSigningKey } from '../recording/recording-keys.js';
import { RecordingWriter } from '../recording/recording-writer.js';
import { OtelAttachment } from './otel-attachment.js';
import { createOtlpTraceExporter } from './otlp-exporter.js';
import type { AttachmentMode } from './otel-attachment.js';
import { ConfigError } from './runtime-config.js';
import type { RuntimeConfig } from './runtime-config.js';
import type { SdkTracerProvider } from './sdk-provider.js';
import { samplerFromEnv } from './sampler-from-env.js';
import { SloGovernance } from '../processors/slo-governance.js';

/** Options of {@link GovernanceRuntime.start}. */
export interface GovernanceRuntimeOptions {
  readonly config: RuntimeConfig;
  /** The loaded policy (the preload loads it so it can refuse to start on errors). */
  readonly policy?: Policy;
  /** Anomaly detection options (from the policy's `spec.anomaly`); detection runs unless `AGC_ANOMALY=off`. */
  readonly anomaly?: AnomalyOptions;
  /** SLO specs to compute in process (`AGC_SLO`): alerts, `agc_slo_*` metrics, circuits. */
  readonly slos?: readonly SloSpec[];
  /** The sampler to wrap. @default from OTEL_TRACES_SAMPLER */
  readonly sampler?: Sampler;
  /** More span processors, after ours (tests add an in-memory exporter here). */
  readonly spanProcessors?: readonly SpanProcessor[];
  /**
   * Register globally: our provider, context manager and propagator, or join the app's own
   * OpenTelemetry SDK provider when it registered one (see {@link OtelAttachment}). @default true
   */
  readonly register?: boolean;
}

/**
 * The whole governed-call runtime of one process: the Governor, a tracer provider with the
 * governance processor and sampler, the flight recorder, OTLP export when configured, the
 * `/metrics` endpoint and policy hot reload. Built by the preload from the environment.
 */
export class GovernanceRuntime {
  readonly governor: Governor;
  readonly metrics: GovernanceMetrics;
  readonly recorder: RecordingSpanProcessor | undefined;
  readonly metricsServer: MetricsServer | undefined;
  /** The anomaly detectors, unless turned off. */
  readonly anomaly: AnomalyGovernance | undefined;
  /** The in-process SLOs, when specs were given. */
  readonly slo: SloGovernance | undefined;
  private readonly _otel: OtelAttachment;
  private readonly _sloTimer: NodeJS.Timeout | undefined;
  private readonly _watcher: PolicyWatcher | undefined;
  private _shutdown: Promise<void> | undefined;

  private constructor(options: GovernanceRuntimeOptions) {
    const { config } = options;
    const mode = config.mode === 'audit' ? 'audit' : 'enforce';
    this.metrics = new GovernanceMetrics({ mode });
    // Chaos and replay inputs are read here so a bad file fails start-up, not a tool call.
    const chaos =
      config.chaosPath !== undefined
        ? new ChaosInjector(loadChaosSpec(config.chaosPath))
        : undefined;
    const cassette =
      config.replayPaths.length > 0
        ? ReplayCassette.fromFiles(config.replayPaths, config.replayMode)
        : undefined;
    if (cassette !== undefined && config.recordDir !== undefined) {
      const recordDir = resolve(config.recordDir);
      if (config.replayPaths.some((path) => resolve(path) === recordDir)) {
        diag.warn(
          `@agc/otel: AGC_REPLAY reads ${config.recordDir}, the folder this re-run records into: a later re-run from it would be served from both runs. Set AGC_RECORD_DIR to another folder.`,
        );
      }
    }
    this.governor = new Governor({
      ...(chaos && { chaos }),
      ...(cassette && { cassette }),
      policy: options.policy,
      mode,
      captureContent: config.captureContent || config.replayPaths.length > 0,
      captureMaxChars: config.captureMaxChars,
      metrics: this.metrics,
    });
    const onError = (component: string) => (error: unknown) =>
      this.governor.internalError(component, error);
    if (config.anomaly) {
      this.anomaly = new AnomalyGovernance(options.anomaly, this.governor, this.metrics);
      this.governor.addObserver(this.anomaly);
    }
    if (options.slos !== undefined && options.slos.length > 0) {
      const slo = new SloGovernance(options.slos, this.metrics);
      this.slo = slo;
      this.governor.addObserver(slo);
      this.governor.addVerdictSource(slo);
      // Alerts also change without traffic (windows slide); evaluate now and then when idle.
      this._sloTimer = setInterval(() => {
        try {
          slo.evaluate(Date.now());
        } catch (error) {
          this.governor.internalError('slo.evaluate', error);
        }
      }, 15_000);
      this._sloTimer.unref();
    }

    const last: SpanProcessor[] = [];
    if (config.recordDir !== undefined) {
      const writer = new RecordingWriter({
        dir: config.recordDir,
        service: config.serviceName,
        maxBytes: config.recordMaxBytes,
        ...(config.recordKey !== undefined && { key: config.recordKey }),
        ...(config.recordSigningKey !== undefined && {
          signingKey: signingKey(config.recordSigningKey),
        }),
        ...(config.recordMaxTotalBytes !== undefined && {
          maxTotalBytes: config.recordMaxTotalBytes,
        }),
        ...(config.recordMaxAgeMs !== undefined && { maxAgeMs: config.recordMaxAgeMs }),
      });
      this.recorder = new RecordingSpanProcessor(writer, {
        metrics: this.metrics,
        onError: onError('recorder'),
        // Checkpoints leave the process with the app's other spans (OTLP to the Collector).
        onCheckpoint: (checkpoint) =>
          this.provider
            .getTracer(TRACER_NAME)
            .startSpan(CHECKPOINT_SPAN_NAME, {
              root: true,
              attributes: checkpointAttributes(checkpoint),
            })
            .end(),
      });
      last.push(this.recorder);
    }
    last.push(...(options.spanProcessors ?? []));
    const exporters: SpanProcessor[] = [];
    if (config.otlp) {
      exporters.push(
        new CountedBatchSpanProcessor(
          'otlp',
          new RedactingSpanExporter(createOtlpTraceExporter(config.otlpProtocol)),
          this.metrics,
          { maxQueueSize: 2048, maxExportBatchSize: 512 },
        ),
      );
    }

    this._otel = OtelAttachment.attach({
      first: [new GovernanceSpanProcessor(this.governor)],
      last,
      exporters,
      wrapSampler: (sampler) => new GovernanceSampler(sampler),
      build: (spanProcessors) =>
        new NodeTracerProvider({
          resource: defaultResource()
            .merge(detectResources({ detectors: [envDetector] }))
            .merge(resourceFromAttributes({ 'service.name': config.serviceName })),
          sampler: new GovernanceSampler(options.sampler ?? samplerFromEnv()),
          spanProcessors,
        }),
      register: options.register !== false,
    });

    if (config.metricsPort !== 0) {
      const generated =
        config.adminToken === undefined ? ensureAdminToken(config.adminTokenFile) : undefined;
      if (generated?.problem !== undefined) {
        diag.warn(
          `@agc/otel: cannot write the admin token to ${config.adminTokenFile} (${generated.problem}): releasing a quarantine through the admin endpoint needs AGC_ADMIN_TOKEN`,
        );
      }
      this.metricsServer = startMetricsServer(this.metrics, {
        host: config.metricsHost,
        port: config.metricsPort,
        admin: {
          list: () => this.governor.quarantines.list(Date.now()),
          release: (agentId) => this.governor.release(agentId),
        },
        ...(config.adminToken !== undefined && { adminToken: config.adminToken }),
        ...(generated !== undefined && { generatedToken: generated.token }),
        onError: (error) =>
          diag.warn(
            `@agc/otel: metrics endpoint ${config.metricsHost}:${config.metricsPort} unavailable: ${String(error)}`,
          ),
      });
    }
    if (config.watchPolicy && config.policyPaths.length > 0 && options.policy !== undefined) {
      this._watcher = new PolicyWatcher(config.policyPaths, {
        onReload: (policy) => {
          this.governor.setPolicy(policy);
          this.metrics.policyReload('ok', policy.ruleCount);
        },
        onError: (error) => {
          this.metrics.policyReload('failed');
          diag.error(
            `@agc/otel: policy reload failed, keeping the last good policy:\n${error.message}`,
          );
        },
      });
    }
  }

  /** Builds and starts the runtime. */
  static start(options: GovernanceRuntimeOptions): GovernanceRuntime {
    return new GovernanceRuntime(options);
  }

  /**
   * The tracer provider carrying governance: ours, or the app's own OpenTelemetry SDK provider
   * when the app set one up (see {@link OtelAttachment}).
   */
  get provider(): SdkTracerProvider {
    return this._otel.provider;
  }

  /** How governance reached the app's tracing: `own`, `joined` (the app's SDK) or `detached`. */
  get attachment(): AttachmentMode {
    return this._otel.mode;
  }

  /** Path of the recording being written, if recording. */
  get recordingPath(): string | undefined {
    return this.recorder?.path || undefined;
  }

  /** Flushes and stops everything. Idempotent. */
  shutdown(): Promise<void> {
    this._shutdown ??= (async () => {
      this._watcher?.close();
      if (this._sloTimer) clearInterval(this._sloTimer);
      try {
        // The close line and the final checkpoint, while the exporters still take spans.
        await this.recorder?.forceFlush();
        this.recorder?.close();
        await this._otel.shutdown();
      } catch (error) {
        this.governor.internalError('shutdown', error);
      }
      await this.metricsServer?.close();
    })();
    return this._shutdown;
  }
}

/** The recording signing key, or a configuration error naming the variable. */
function signingKey(value: string): KeyObject {
  try {
    return loadSigningKey(value);
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
}
