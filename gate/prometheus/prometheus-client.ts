/** One sample of an instant vector. */
export interface PromSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Options of {@link PrometheusClient}. */
export interface PrometheusClientOptions {
  /** Per-request timeout, milliseconds. @default 10000 */
  readonly timeoutMs?: number;
  /** Extra request headers (e.g. `Authorization`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A Prometheus query failed (HTTP, API or shape error); the message names the query. */
export class PrometheusQueryError extends Error {
  constructor(
    readonly query: string,
    detail: string,
  ) {
    super(`prometheus query failed: ${detail} (query: ${query})`);
    this.name = 'PrometheusQueryError';
  }
}

interface ApiResponse {
  status?: string;
  error?: string;
  errorType?: string;
  data?: { resultType?: string; result?: unknown };
}

/**
 * A minimal client of the Prometheus HTTP API's instant queries (`GET /api/v1/query`), on
 * Node's `fetch`. Also works against Mimir, Thanos and VictoriaMetrics, which serve the same API.
 */
export class PrometheusClient {
  private readonly _base: string;
  private readonly _timeoutMs: number;
  private readonly _headers: Readonly<Record<string, string>>;

  /** @param url the server's base URL, e.g. `http://127.0.0.1:9090` */
  constructor(url: string, options: PrometheusClientOptions = {}) {
    this._base = url.replace(/\/+$/, '');
    this._timeoutMs = options.timeoutMs ?? 10_000;
    this._headers = options.headers ?? {};
  }

  /**
   * Evaluates PROMQL at TIME (epoch seconds; the server's now when absent) and returns the
   * vector's samples (a scalar result becomes one unlabelled sample).
   *
   * @throws {@link PrometheusQueryError} on a network, HTTP or API error, or a range result
   */
  async query(promql: string, time?: number): Promise<PromSample[]> {
    const params = new URLSearchParams({ query: promql });
    if (time !== undefined) params.set('time', String(time));
    let body: ApiResponse;
    try {
      const response = await fetch(`${this._base}/api/v1/query?${params.toString()}`, {
        headers: { accept: 'application/json', ...this._headers },
        signal: AbortSignal.timeout(this._timeoutMs),
      });
      const text = await response.text();
      try {
        body = JSON.parse(text) as ApiResponse;
      } catch {
        throw new PrometheusQueryError(
          promql,
          `HTTP ${response.status}: not JSON: ${text.slice(0, 200)}`,
        );
      }
      if (!response.ok || body.status !== 'success') {
        throw new PrometheusQueryError(
          promql,
          `HTTP ${response.status}: ${body.errorType ?? 'error'}: ${body.error ?? 'unknown'}`,
        );
      }
    } catch (error) {
      if (error instanceof PrometheusQueryError) throw error;
      throw new PrometheusQueryError(
        promql,
        error instanceof Error ? error.message : String(error),
      );
    }
    return samples(promql, body);
  }

  /** Sum of the values of PROMQL's result; undefined when it is empty. */
  async sum(promql: string, time?: number): Promise<number | undefined> {
    const result = await this.query(promql, time);
    if (result.length === 0) return undefined;
    let total = 0;
    for (const s of result) total += s.value;
    return total;
  }
}

function samples(promql: string, body: ApiResponse): PromSample[] {
  const { resultType, result } = body.data ?? {};
  if (resultType === 'scalar' && Array.isArray(result))
    return [{ labels: {}, value: Number(result[1]) }];
  if (resultType !== 'vector' || !Array.isArray(result)) {
    throw new PrometheusQueryError(
      promql,
      `expected an instant vector, got ${resultType ?? 'nothing'}`,
    );
  }
  return result.map((entry: unknown) => {
    const e = entry as { metric?: Record<string, string>; value?: [number, string] };
    return { labels: e.metric ?? {}, value: Number(e.value?.[1]) };
  });
}
