import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import type { Policy } from '../../policy/index.js';
import { setGlobalGovernor } from '../../processors/index.js';
import { GovernanceRuntime, runtimeConfigFromEnv } from '../../runtime/index.js';

/**
 * One in-process runtime at a time, as the preload starts it, recording to a fresh folder: for
 * tests that record a run and re-execute it (`AGC_REPLAY`) in the same process.
 */
export class RecordingRuntime {
  private _runtime: GovernanceRuntime | undefined;

  /** Starts a runtime from ENV (plus a fresh `AGC_RECORD_DIR`); returns the recording folder. */
  start(env: Record<string, string>, policy?: Policy): string {
    const dir = mkdtempSync(join(tmpdir(), 'agc-recording-'));
    this._runtime = GovernanceRuntime.start({
      config: runtimeConfigFromEnv({ AGC_RECORD_DIR: dir, AGC_METRICS_PORT: '0', ...env }),
      ...(policy !== undefined && { policy }),
    });
    setGlobalGovernor(this._runtime.governor);
    return dir;
  }

  /** Flushes and stops the runtime, and resets the global OTel API for the next start. */
  async stop(): Promise<void> {
    await this._runtime?.shutdown();
    this._runtime = undefined;
    trace.disable();
    context.disable();
  }

  /** {@link stop}, and no global Governor left behind (for `afterEach`). */
  async reset(): Promise<void> {
    await this.stop();
    setGlobalGovernor(undefined);
  }
}
