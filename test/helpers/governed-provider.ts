import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AlwaysOnSampler,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { loadPolicy } from '../../policy/index.js';
import {
  GovernanceSampler,
  GovernanceSpanProcessor,
  Governor,
  setGlobalGovernor,
} from '../../processors/index.js';
import type { GovernorOptions } from '../../processors/index.js';

/** A provider wired like the runtime, with an in-memory exporter, installed globally. */
export interface GovernedSetup {
  readonly governor: Governor;
  readonly exporter: InMemorySpanExporter;
  readonly provider: BasicTracerProvider;
  close(): Promise<void>;
}

/**
 * Installs a global tracer provider (optionally without our processor) and a global Governor
 * with POLICY (YAML text). Call `close()` after the test.
 */
export function governedSetup(
  options: {
    policy?: string;
    governor?: Omit<GovernorOptions, 'policy'>;
    withProcessor?: boolean;
    sampler?: Sampler;
    extraProcessors?: SpanProcessor[];
  } = {},
): GovernedSetup {
  const governor = new Governor({
    ...options.governor,
    ...(options.policy !== undefined && { policy: loadPolicy(options.policy) }),
  });
  const exporter = new InMemorySpanExporter();
  const processors: SpanProcessor[] = [];
  if (options.withProcessor !== false) processors.push(new GovernanceSpanProcessor(governor));
  processors.push(new SimpleSpanProcessor(exporter), ...(options.extraProcessors ?? []));
  const provider = new BasicTracerProvider({
    sampler: new GovernanceSampler(options.sampler ?? new AlwaysOnSampler()),
    spanProcessors: processors,
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  setGlobalGovernor(governor);
  return {
    governor,
    exporter,
    provider,
    async close() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      setGlobalGovernor(undefined);
    },
  };
}

/** `apiVersion: agc/v1` policy text with SPEC (indented YAML under `spec:`). */
export function policyText(spec: string, name = 'test'): string {
  return `apiVersion: agc/v1\nkind: Policy\nmetadata: { name: ${name} }\nspec:\n${spec}`;
}
