import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GovernanceMetrics } from './governance-metrics.js';

/** A running `/metrics` endpoint. */
export interface MetricsServer {
  /** `http://host:port/metrics`, once listening. */
  readonly url: Promise<string>;
  /** Stops the server. Idempotent. */
  close(): Promise<void>;
}

/**
 * Serves the metrics in Prometheus text format on `http://HOST:PORT/metrics`. The server does not
 * keep the process alive, and a port in use is reported through ONERROR, never thrown.
 */
export function startMetricsServer(
  metrics: GovernanceMetrics,
  options: { host: string; port: number; onError?: (error: unknown) => void },
): MetricsServer {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || !req.url?.startsWith('/metrics')) {
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
  server.unref();
  let closed: Promise<void> | undefined;
  return {
    url,
    close: () => (closed ??= new Promise((resolve) => server.close(() => resolve()))),
  };
}
