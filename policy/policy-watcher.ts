import { unwatchFile, watchFile } from 'node:fs';
import { loadPolicyFiles } from './load-policy.js';
import type { Policy } from './compiled-policy.js';
import { PolicyError } from './policy-error.js';

/** Options of {@link PolicyWatcher}. */
export interface PolicyWatcherOptions {
  /** Called with the new policy after a changed file validated. */
  readonly onReload: (policy: Policy) => void;
  /** Called when a changed file is invalid; the last good policy stays active. */
  readonly onError: (error: PolicyError) => void;
  /** Poll interval in ms (stat polling survives editors that replace files). @default 1000 */
  readonly intervalMs?: number;
}

/**
 * Hot reload: watches policy files, re-validates on change, and hands over the new policy only
 * when it is valid. A bad edit keeps the last good policy and reports why through `onError`.
 */
export class PolicyWatcher {
  private readonly _listener = (): void => {
    this.reload();
  };
  private _closed = false;

  constructor(
    private readonly _paths: readonly string[],
    private readonly _options: PolicyWatcherOptions,
  ) {
    for (const path of _paths) {
      watchFile(path, { interval: _options.intervalMs ?? 1000, persistent: false }, this._listener);
    }
  }

  /** Re-reads the files now. Returns true when a new policy was handed over. */
  reload(): boolean {
    if (this._closed) return false;
    try {
      this._options.onReload(loadPolicyFiles(this._paths));
      return true;
    } catch (error) {
      this._options.onError(
        error instanceof PolicyError
          ? error
          : new PolicyError([
              { file: this._paths[0] ?? '<unknown>', line: 1, column: 1, message: String(error) },
            ]),
      );
      return false;
    }
  }

  /** Stops watching. Idempotent. */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    for (const path of this._paths) unwatchFile(path, this._listener);
  }
}
