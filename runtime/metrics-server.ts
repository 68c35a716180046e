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
 * `GET /quarantines` and `POST /quarantines/release?agent=ID`. A request a browser made is
 * always refused. With `adminToken` (`AGC_ADMIN_TOKEN`) every admin call needs
 * `Authorization: Bearer <token>`. Without it, `GET` answers on a loopback address to a loopback
 * `Host`, and a state-changing call needs `generatedToken` (written to a 0600 file at start, which
 * `agc quarantine` reads). The server does not keep the process alive, and a port in use is
 * reported through ONERROR, never thrown.
 */
export function startMetricsServer(
  metrics: GovernanceMetrics,
  options: {
    host: string;
    port: number;
    onError?: (error: unknown) => void;
    admin?: QuarantineAdmin;
    adminToken?: string;
    generatedToken?: string;
  },
): MetricsServer {
  const loopback =
    options.host === '127.0.0.1' || options.host === '::1' || options.host === 'localhost';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (options.admin && url.pathname.startsWith('/quarantines')) {
      const refusal = adminRefusal(req, loopback, options.adminToken, options.generatedToken);
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
 * quarantine through the operator's browser. An explicit TOKEN guards every call. Otherwise
 * only a loopback listener answers, only to a loopback `Host` (a DNS-rebinding page sends its
 * own host name), and a state-changing call (anything but GET) needs GENERATED: the agent's own
 * HTTP tool on the same machine cannot lift its quarantine. Tokens compare in constant time.
 */
function adminRefusal(
  req: IncomingMessage,
  loopback: boolean,
  token: string | undefined,
  generated: string | undefined,
): string | undefined {
  if (req.headers.origin !== undefined || req.headers['sec-fetch-site'] !== undefined) {
    return 'admin endpoints refuse browser-originated requests';
  }
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  if (token !== undefined && token !== '') {
    return sameSecret(bearer, token) ? undefined : 'admin endpoints need AGC_ADMIN_TOKEN';
  }
  if (!loopback) return 'admin endpoints need a loopback address or AGC_ADMIN_TOKEN';
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  if (!LOOPBACK_HOSTS.has(host)) return 'admin endpoints answer only a loopback Host';
  if (req.method === 'GET') return undefined;
  if (generated !== undefined && sameSecret(bearer, generated)) return undefined;
  return 'state-changing admin calls need the admin token (AGC_ADMIN_TOKEN, or the token file the process wrote: AGC_ADMIN_TOKEN_FILE, default .agc/admin-token)';
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
