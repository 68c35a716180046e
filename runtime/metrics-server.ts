import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GovernanceMetrics } from '../processors/governance-metrics.js';

/** A running `/metrics` endpoint. */
export interface MetricsServer {
  /** `http://host:port/metrics`, once listening. */
  readonly url: Promise<string>;
  /** Stops the server. Idempotent. */
  close(): Promise<void>;
}

/** The quarantine operations the admin endpoints expose (`agc quarantine`). */
export interface QuarantineAdmin {
  list(): readonly { agentId: string; reason: string; untilMs: number }[];
  release(agentId: string): boolean;
}

/**
 * Serves the metrics in Prometheus text format on `http://HOST:PORT/metrics`, and, with ADMIN,
 * `GET /quarantines` and `POST /quarantines/release?agent=ID`. The admin endpoints answer only on
 * a loopback address to a loopback `Host`, or with `Authorization: Bearer <adminToken>` when a
 * token is set, and never to a request a browser made. The server
 * does not keep the process alive, and a port in use is reported through ONERROR, never thrown.
 */
export function startMetricsServer(
  metrics: GovernanceMetrics,
  options: {
    host: string;
    port: number;
    onError?: (error: unknown) => void;
    admin?: QuarantineAdmin;
    adminToken?: string;
  },
): MetricsServer {
  const loopback =
    options.host === '127.0.0.1' || options.host === '::1' || options.host === 'localhost';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (options.admin && url.pathname.startsWith('/quarantines')) {
      const refusal = adminRefusal(req, loopback, options.adminToken);
      if (refusal !== undefined) {
        res
          .writeHead(403, { 'content-type': 'application/json' })
          .end(`${JSON.stringify({ error: refusal })}\n`);
        return;
      }
      if (req.method === 'GET' && url.pathname === '/quarantines') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(`${JSON.stringify({ quarantines: options.admin.list() })}\n`);
        return;
      }
      const agent = url.searchParams.get('agent');
      if (req.method === 'POST' && url.pathname === '/quarantines/release' && agent) {
        const released = options.admin.release(agent);
        res
          .writeHead(released ? 200 : 404, { 'content-type': 'application/json' })
          .end(`${JSON.stringify({ agent, released })}\n`);
        return;
      }
    }
    if (req.method !== 'GET' || url.pathname !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics\n');
      return;
    }
    metrics.text().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: unknown) => {
        options.onError?.(error);
        res.writeHead(500).end();
      },
    );
  });
  const url = new Promise<string>((resolve, reject) => {
    server.once('error', (error) => {
      options.onError?.(error);
      reject(error instanceof Error ? error : new Error(String(error)));
    });
    server.listen(options.port, options.host, () => {
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${host}:${address.port}/metrics`);
    });
  });
  url.catch(() => undefined);
  // Neither the listener nor a scraper's keep-alive connection may keep the host alive: a batch
  // agent (a Kubernetes Job) must exit when its work is done, however often Prometheus scrapes.
  server.unref();
  server.on('connection', (socket) => socket.unref());
  let closed: Promise<void> | undefined;
  return {
    url,
    close: () =>
      (closed ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Why an admin request is refused, or undefined when it may proceed. A request a browser made
 * (it carries `Origin` or `Sec-Fetch-*`) is always refused: a web page must not lift a
 * quarantine through the operator's browser. Without a token only a loopback listener answers,
 * and only to a loopback `Host` (a DNS-rebinding page sends its own host name). The token is
 * compared in constant time.
 */
function adminRefusal(
  req: IncomingMessage,
  loopback: boolean,
  token: string | undefined,
): string | undefined {
  if (req.headers.origin !== undefined || req.headers['sec-fetch-site'] !== undefined) {
    return 'admin endpoints refuse browser-originated requests';
  }
  if (token !== undefined && token !== '') {
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    return sameSecret(given, token) ? undefined : 'admin endpoints need AGC_ADMIN_TOKEN';
  }
  if (!loopback) return 'admin endpoints need a loopback address or AGC_ADMIN_TOKEN';
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  return LOOPBACK_HOSTS.has(host) ? undefined : 'admin endpoints answer only a loopback Host';
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
