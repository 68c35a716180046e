import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';
import { ATTR_GEN_AI_OPERATION_NAME, GEN_AI_OPERATION_EXECUTE_TOOL } from '../conventions/index.js';
import {
  ATTR_AGC_RECORDING_HASH,
  CHECKPOINT_SPAN_NAME,
} from '../recording/recording-checkpoint.js';

/**
 * Wraps the configured sampler so governed tool spans are always at least recorded: policy,
 * detectors and SLOs see every call even when export is sampled down. A tool span the delegate
 * drops becomes RECORD (processed in-process, not exported); a recording checkpoint is always
 * sampled; everything else is the delegate's.
 */
export class GovernanceSampler implements Sampler {
  constructor(private readonly _delegate: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const result = this._delegate.shouldSample(
      context,
      traceId,
      spanName,
      spanKind,
      attributes,
      links,
    );
    // A recording checkpoint must reach the trace backend whatever the sampling ratio.
    if (spanName === CHECKPOINT_SPAN_NAME && attributes[ATTR_AGC_RECORDING_HASH] !== undefined)
      return { ...result, decision: SamplingDecision.RECORD_AND_SAMPLED };
    if (result.decision !== SamplingDecision.NOT_RECORD) return result;
    if (attributes[ATTR_GEN_AI_OPERATION_NAME] !== GEN_AI_OPERATION_EXECUTE_TOOL) return result;
    return { ...result, decision: SamplingDecision.RECORD };
  }

  toString(): string {
    return `GovernanceSampler{${this._delegate.toString()}}`;
  }
}
