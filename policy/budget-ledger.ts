/** Usage charged to a budget. */
export interface Usage {
  readonly tokens?: number;
  readonly costUsd?: number;
}

/**
 * Spend per key in fixed windows aligned to the epoch (`floor(time / per)`), for `budget` rules.
 * Aligned windows make the state a pure function of the calls, so what-if replays agree.
 */
export class BudgetLedger {
  private readonly _spent = new Map<string, { window: number; tokens: number; costUsd: number }>();
  // The window of the last sweep for stale keys: one scan per window at the cap, not per call.
  private _sweptWindow = Number.NaN;

  /**
   * @param limit - the budget per window (tokens and/or USD)
   * @param perMs - window length in milliseconds
   * @param maxKeys - keys tracked at most (see `_hasRoom`). @default 100_000
   */
  constructor(
    readonly limit: Usage,
    readonly perMs: number,
    private readonly _maxKeys = 100_000,
  ) {}

  /** True when KEY can spend USAGE more at TIME without going over the budget. */
  allows(key: string, time: number, usage: Usage): boolean {
    if (!this._spent.has(key) && !this._hasRoom(time)) return false;
    const spent = this._current(key, time);
    const tokens = (spent?.tokens ?? 0) + (usage.tokens ?? 0);
    const cost = (spent?.costUsd ?? 0) + (usage.costUsd ?? 0);
    if (this.limit.tokens !== undefined) {
      if ((spent?.tokens ?? 0) >= this.limit.tokens || tokens > this.limit.tokens) return false;
    }
    if (this.limit.costUsd !== undefined) {
      if ((spent?.costUsd ?? 0) >= this.limit.costUsd || cost > this.limit.costUsd) return false;
    }
    return true;
  }

  /** Adds USAGE to KEY's spend in the window of TIME. */
  charge(key: string, time: number, usage: Usage): void {
    if (!usage.tokens && !usage.costUsd) return;
    const window = Math.floor(time / this.perMs);
    let spent = this._spent.get(key);
    if (spent === undefined) {
      if (!this._hasRoom(time)) return;
      spent = { window, tokens: 0, costUsd: 0 };
      this._spent.set(key, spent);
    } else if (spent.window !== window) {
      spent.window = window;
      spent.tokens = 0;
      spent.costUsd = 0;
    }
    spent.tokens += usage.tokens ?? 0;
    spent.costUsd += usage.costUsd ?? 0;
  }

  /** What KEY spent in the window of TIME. */
  spent(key: string, time: number): Usage {
    const spent = this._current(key, time);
    return { tokens: spent?.tokens ?? 0, costUsd: spent?.costUsd ?? 0 };
  }

  /**
   * True when a new key can be tracked at TIME. Only keys whose spend is from an earlier window
   * are forgotten (they are the same as new ones): cycling other keys never resets a key's spend
   * in its current window; when every tracked key has spent in this window, a new key is refused
   * (fail closed) until the window turns.
   */
  private _hasRoom(time: number): boolean {
    if (this._spent.size < this._maxKeys) return true;
    const window = Math.floor(time / this.perMs);
    if (this._sweptWindow === window) return false;
    this._sweptWindow = window;
    for (const [key, spent] of this._spent) if (spent.window !== window) this._spent.delete(key);
    return this._spent.size < this._maxKeys;
  }

  private _current(key: string, time: number): { tokens: number; costUsd: number } | undefined {
    const spent = this._spent.get(key);
    if (spent === undefined || spent.window !== Math.floor(time / this.perMs)) return undefined;
    return spent;
  }
}
