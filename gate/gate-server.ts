import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GateRequestError, parseGateRequest, runGateRequest } from './gate-request.js';
import type { GateService } from './gate-request.js';
import { GATE_SCORE_SERIES, parseGateQuery } from './prometheus/gate-query.js';
import { SelectorError } from './prometheus/selector.js';

/** Options of {@link startGateServer}. */
export interface GateServerOptions extends GateService {
  /** Port; 0 picks a free one. */
  readonly port: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** Called with every request error (a 4xx or 5xx answer), for logging. */
  readonly onError?: (error: unknown) => void;
}

/** A running gate server. */
export interface GateServer {
  /** `http://host:port`, once listening (rejects when the port cannot be bound). */
  readonly url: Promise<string>;
  /** Stops the server. Idempotent. */
  close(): Promise<void>;
}

/** Path of the JSON gate endpoint (Argo Rollouts' `web` metric provider). */
export const GATE_PATH = '/v1/gate';
/** Path of the Prometheus-compatible shim (Flagger's `prometheus` metric provider). */
export const GATE_QUERY_PATH = '/api/v1/query';

const MAX_BODY = 1 << 20;

/**
 * The gate over HTTP, judging on every request (no state between requests):
 *
 * - `GET|POST /v1/gate` with `baseline`, `canary`, `window`, `source` (query string or JSON body)
 *   → 200 and the {@link GateReport} as JSON, whatever the verdict, so Argo Rollouts can map
 *   `result.verdict` (`successCondition: result.verdict == "pass"`, `failureCondition:
 *   result.verdict == "fail"`, marginal/inconclusive → Inconclusive). 400 for a bad request,
 *   502 when Prometheus or a recording fails.
 * - `GET|POST /api/v1/query?query=agc_gate_verdict{baseline="..",canary="..",window=".."}` → a
 *   Prometheus instant vector with the verdict's exit code (0 pass, 1 fail, 3 marginal or
 *   inconclusive) or `agc_gate_score` → the score, for Flagger (`thresholdRange: {max: 0}`).
 * - `GET /healthz` → 200 `ok`.
 *
 * Recording paths resolve under `recordingsRoot` only, and no request can run a command.
 */
export function startGateServer(options: GateServerOptions): GateServer {
  const server: Server = createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) json(res, 500, { error: message(error) });
    });
  });
  const url = new Promise<string>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${host}:${address.port}`);
    });
  });
  url.catch(() => undefined);
  let closed: Promise<void> | undefined;
  return {
    url,
    close: () =>
      (closed ??= new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })),
  };
}

async function handle(
  options: GateServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gate');
  if (url.pathname === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    return;
  }
  if (url.pathname !== GATE_PATH && url.pathname !== GATE_QUERY_PATH) {
    json(res, 404, { error: `not found: try ${GATE_PATH} or ${GATE_QUERY_PATH}` });
    return;
  }
  if (req.method !== 'GET' && req.method !== 'POST') {
    json(res, 405, { error: 'use GET or POST' });
    return;
  }
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const body = await readBody(req);
  if (body.trim() !== '') {
    const type = req.headers['content-type'] ?? '';
    if (type.includes('application/x-www-form-urlencoded')) {
      Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        json(res, 400, { error: 'the body is not JSON' });
        return;
      }
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        Object.assign(params, parsed);
    }
  }
  if (url.pathname === GATE_PATH) await gate(options, params, res);
  else await query(options, params, res);
}

async function gate(
  options: GateServerOptions,
  params: Record<string, unknown>,
  res: ServerResponse,
): Promise<void> {
  try {
    const report = await runGateRequest(options, parseGateRequest(params, options));
    json(res, 200, report);
  } catch (error) {
    options.onError?.(error);
    json(res, status(error), { error: message(error) });
  }
}

async function query(
  options: GateServerOptions,
  params: Record<string, unknown>,
  res: ServerResponse,
): Promise<void> {
  const fail = (code: number, errorType: string, error: unknown): void => {
    options.onError?.(error);
    json(res, code, { status: 'error', errorType, error: message(error) });
  };
  let parsed;
  try {
    parsed = parseGateQuery(typeof params.query === 'string' ? params.query : '');
  } catch (error) {
    fail(400, 'bad_data', error);
    return;
  }
  try {
    const report = await runGateRequest(options, parseGateRequest(parsed.params, options));
    const value =
      parsed.series === GATE_SCORE_SERIES ? (report.score ?? Number.NaN) : report.exitCode;
    json(res, 200, {
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          {
            metric: { __name__: parsed.series, verdict: report.verdict },
            value: [Date.now() / 1000, String(value)],
          },
        ],
      },
    });
  } catch (error) {
    const code = status(error);
    fail(code, code === 400 ? 'bad_data' : 'execution', error);
  }
}

function status(error: unknown): number {
  return error instanceof GateRequestError || error instanceof SelectorError ? 400 : 502;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new GateRequestError('body larger than 1 MiB'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, code: number, value: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' }).end(`${JSON.stringify(value)}\n`);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
