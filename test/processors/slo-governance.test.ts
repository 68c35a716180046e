import { afterEach, describe, expect, it } from 'vitest';
import { govern, isPolicyDeniedError, withAgent } from '../../instrumentation/index.js';
import { GovernanceMetrics } from '../../processors/index.js';
import { SloGovernance } from '../../processors/slo-governance.js';
import { parseSloSpecs } from '../../slo/index.js';
import { governedSetup, policyText } from '../helpers/governed-provider.js';
import type { GovernedSetup } from '../helpers/governed-provider.js';

const SPEC = `apiVersion: agc/v1
kind: SLO
metadata: { name: search-success }
spec:
  objective: 99
  window: 30d
  sli: { kind: tool_success }
  selector: { tools: [web_search] }
  alerting: { minEvents: 10 }
  circuit: { enabled: true, coolDown: 1s, probes: 2 }
`;

let setup: GovernedSetup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

describe('SLOs on the governed path', () => {
  it('a paging burn opens the circuit (source circuit), then half-open probes close it', async () => {
    // Real clock: span end times (what the SLOs count) come from the OTel SDK's clock.
    const metrics = new GovernanceMetrics({ processMetrics: false });
    setup = governedSetup({ policy: policyText('  default: allow\n'), governor: { metrics } });
    const slo = new SloGovernance(parseSloSpecs(SPEC), metrics, { evaluateEveryMs: 0 });
    setup.governor.addObserver(slo);
    setup.governor.addVerdictSource(slo);

    let failing = true;
    let ran = 0;
    // async: govern() throws a deny synchronously, the caller's async function turns it into a rejection.
    const search = async (): Promise<string> =>
      withAgent({ id: 'a' }, () =>
        govern({ tool: 'web_search' }, async () => {
          ran++;
          if (failing) throw new Error('upstream 503');
          return 'ok';
        }),
      );
    const outcomes: string[] = [];
    for (let i = 0; i < 30; i++) {
      outcomes.push(
        await search().then(
          () => 'ok',
          (e: unknown) => (isPolicyDeniedError(e) ? `denied:${e.verdict.source}` : 'error'),
        ),
      );
    }
    const firstDenied = outcomes.indexOf('denied:circuit');
    expect(firstDenied).toBeGreaterThan(0);
    expect(outcomes.slice(0, firstDenied).every((o) => o === 'error')).toBe(true);
    expect(outcomes.slice(firstDenied).every((o) => o === 'denied:circuit')).toBe(true);
    // Denied calls never reach the failing tool: the cascade stops at the breaker.
    expect(ran).toBe(firstDenied);
    // Other tools keep working.
    expect(
      await withAgent({ id: 'a' }, () => govern({ tool: 'file_read' }, async () => 'fine')),
    ).toBe('fine');

    const spans = setup.exporter.getFinishedSpans();
    const alert = spans.flatMap((s) => s.events).find((e) => e.name === 'agc.slo.alert');
    expect(alert?.attributes).toMatchObject({
      'agc.slo.name': 'search-success',
      'agc.slo.from': 'ok',
      'agc.slo.to': 'page',
    });
    expect(
      spans
        .flatMap((s) => s.events)
        .some((e) => e.name === 'agc.circuit' && e.attributes?.['agc.circuit.to'] === 'open'),
    ).toBe(true);
    expect(spans.at(-2)?.attributes).toMatchObject({
      'agc.policy.source': 'circuit',
      'agc.policy.rule': 'search-success',
    });

    // After the cool-down the circuit half-opens; good probes close it.
    failing = false;
    await new Promise((r) => setTimeout(r, 1100));
    expect(await search()).toBe('ok');
    expect(await search()).toBe('ok');
    expect(await search()).toBe('ok');
    expect(slo.monitor.circuitState('search-success')).toBe('closed');

    const text = await metrics.text();
    expect(text).toMatch(/agc_slo_alert_state\{slo="search-success"\} 2/);
    expect(text).toMatch(/agc_slo_events_total\{slo="search-success",result="bad"\} \d+/);
    expect(text).toMatch(/agc_slo_burn_rate\{slo="search-success",window="5m"\} [0-9.]+/);
    expect(text).toMatch(/agc_slo_objective\{slo="search-success"\} 0.99/);
    expect(text).toMatch(/agc_circuit_state\{scope="search-success"\} 0/);
  });
});
