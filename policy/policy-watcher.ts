import { readFileSync } from 'node:fs';
import { loadPolicyFiles } from './load-policy.js';
import type { Policy } from './compiled-policy.js';
import { PolicyError } from './policy-error.js';

/** Options of {@link PolicyWatcher}. */
export interface PolicyWatcherOptions {
  /** Called with the new policy after a changed file validated. */
  readonly onReload: (policy: Policy) => void;
  /** Called when a changed file is invalid; the last good policy stays active. */
  readonly onError: (error: PolicyError) => void;
  /** Poll interval in ms. @default 1000 */
  readonly intervalMs?: number;
}

/**
 * Hot reload: polls the policy files' contents, re-validates on change, and hands over the new
 * policy only when it is valid. A bad edit keeps the last good policy and reports why through
 * `onError`. Contents are compared (not stat times): an edit is seen whatever the file system's
 * time granularity, an editor that replaces the file is followed, and there is no race with the
 * first poll. The timer does not keep the process alive.
 */
export class PolicyWatcher {
  private _texts: string[];
  private readonly _timer: NodeJS.Timeout;
  private _closed = false;

  constructor(
    private readonly _paths: readonly string[],
    private readonly _options: PolicyWatcherOptions,
  ) {
    this._texts = this._read();
    this._timer = setInterval(() => this._poll(), _options.intervalMs ?? 1000);
    this._timer.unref();
  }

  /** Re-reads the files now. Returns true when a new policy was handed over. */
  reload(): boolean {
    if (this._closed) return false;
    this._texts = this._read();
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
    this._closed = true;
    clearInterval(this._timer);
  }

  private _poll(): void {
    const texts = this._read();
    if (texts.every((t, i) => t === this._texts[i])) return;
    this.reload();
  }

  // A missing or unreadable file reads as '' so its return counts as a change.
  private _read(): string[] {
    return this._paths.map((path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return '';
      }
    });
  }
}
