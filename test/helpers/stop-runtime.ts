import { context, trace } from '@opentelemetry/api';
import { setGlobalGovernor } from '../../processors/index.js';
import type { GovernanceRuntime } from '../../runtime/index.js';

/**
 * Undoes what a test's `GovernanceRuntime.start` did to the process: shuts the runtime down and
 * clears the global tracer provider, context manager and governor, so the next test starts clean.
 */
export async function stopRuntime(runtime: GovernanceRuntime | undefined): Promise<void> {
  await runtime?.shutdown();
  trace.disable();
  context.disable();
  setGlobalGovernor(undefined);
}
