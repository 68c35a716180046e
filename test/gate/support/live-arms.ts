import type { ToolCallEvent } from '../../../conventions/index.js';
import { GovernanceMetrics } from '../../../processors/index.js';
import { startMetricsServer } from '../../../runtime/index.js';
import type { MetricsServer } from '../../../runtime/index.js';
import { freePort } from '../../helpers/free-port.js';
import { sleep, startPrometheus, waitForQuery } from '../../helpers/prometheus-server.js';
import type { RunningPrometheus } from '../../helpers/prometheus-server.js';
import { rng } from './synthetic-recording.js';

/** What one live arm does and how Prometheus labels its series. */
export interface LiveArmSpec {
  readonly name: string;
  /** Share of calls that run and fail (1 % are denied by policy besides). */
  readonly errorRate: number;
  readonly seed: number;
  /** Target labels (an `arm` label with the name is always added). */
  readonly labels?: Readonly<Record<string, string>>;
}

/** One arm: a real `/metrics` endpoint (the runtime's GovernanceMetrics), fed governed calls. */
export interface LiveArm {
  readonly spec: LiveArmSpec;
  readonly metrics: GovernanceMetrics;
  readonly server: MetricsServer;
  readonly address: string;
  sent: number;
  ran: number;
  errors: number;
}

/** Arms scraped every second by a real Prometheus. */
export interface LiveSetup {
  readonly prometheus: RunningPrometheus;
  readonly arms: readonly LiveArm[];
  stop(): Promise<void>;
}

const TOOLS = ['web_search', 'file_read'];

function call(tool: string, outcome: 'ok' | 'error' | 'denied', durationMs: number): ToolCallEvent {
  return {
    timeMs: Date.now(),
    agentId: 'researcher-1',
    tool,
    decision: outcome === 'denied' ? 'deny' : 'allow',
    source: 'policy',
    blocked: outcome === 'denied',
    error: outcome === 'error',
    durationMs,
  };
}

function record(arm: LiveArm, event: ToolCallEvent): void {
  arm.metrics.recordCall(event);
  arm.sent++;
  if (!event.blocked) arm.ran++;
  if (event.error) arm.errors++;
}

/**
 * Starts one metrics endpoint per arm and a Prometheus scraping them, creates every series
 * before the first scrape (so `increase()` loses nothing), then sends ROUNDS × PER_ROUND calls
 * per arm a scrape interval apart (log-normal latency, median 50 ms) and waits until
 * Prometheus has scraped them all.
 */
export async function startLiveArms(
  specs: readonly LiveArmSpec[],
  rounds = 5,
  perRound = 400,
): Promise<LiveSetup> {
  const arms: LiveArm[] = [];
  for (const spec of specs) {
    const metrics = new GovernanceMetrics({ processMetrics: false });
    const port = await freePort();
    const server = startMetricsServer(metrics, { host: '127.0.0.1', port });
    await server.url;
    arms.push({ spec, metrics, server, address: `127.0.0.1:${port}`, sent: 0, ran: 0, errors: 0 });
  }
  const prometheus = await startPrometheus(
    arms.map((a) => ({ address: a.address, labels: { arm: a.spec.name, ...a.spec.labels } })),
  );
  const stop = async (): Promise<void> => {
    await prometheus.stop();
    for (const arm of arms) await arm.server.close();
  };
  try {
    for (const arm of arms) {
      for (const tool of TOOLS) {
        for (const outcome of ['ok', 'error', 'denied'] as const)
          record(arm, call(tool, outcome, 50));
      }
    }
    const url = prometheus.url;
    await waitForQuery(
      url,
      'count by (arm) (agc_tool_calls_total)',
      (v) => v.length === arms.length,
    );
    await waitForQuery(url, 'count_over_time(up[1m])', (v) => v.every((n) => n >= 2));
    for (let round = 0; round < rounds; round++) {
      for (const arm of arms) {
        const random = rng(arm.spec.seed * 1000 + round);
        for (let i = 0; i < perRound; i++) {
          const denied = random() < 0.01;
          const error = !denied && random() < arm.spec.errorRate;
          const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
          const outcome = denied ? 'denied' : error ? 'error' : 'ok';
          record(
            arm,
            call(TOOLS[i % 2] as string, outcome, denied ? 0.01 : 50 * Math.exp(0.5 * z)),
          );
        }
      }
      await sleep(1100);
    }
    const sent = arms.map((a) => a.sent);
    await waitForQuery(
      url,
      'sum by (arm) (agc_tool_calls_total)',
      (v) => v.length === arms.length && v.every((n) => sent.includes(n)),
    );
    await sleep(1500);
  } catch (error) {
    await stop();
    throw error;
  }
  return { prometheus, arms, stop };
}
