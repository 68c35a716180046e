import { formatIssue } from '../../common/index.js';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSloSpecs } from '../../slo/load-slo-spec.js';
import { SloError } from '../../slo/slo-error.js';

const DIR = 'test/fixtures/slo/broken';

// Every broken spec of the corpus, with every problem it must report, in file order, exactly:
// file:line:column, the SLO it belongs to, the path in the document and what is wrong.
const CORPUS: [string, string[]][] = [
  [
    'native-schema.yaml',
    [
      "native-schema.yaml:5:3: slo 'checkout': metadata.colour: unknown field",
      "native-schema.yaml:7:14: slo 'checkout': spec.objective: must be a percentage below 100: a 100 % objective has no error budget",
      "native-schema.yaml:8:11: slo 'checkout': spec.window: '5x' is not a duration (expected e.g. 30s, 5m, 1h30m, 7d: units ms s m h d w, largest first)",
      "native-schema.yaml:10:11: slo 'checkout': spec.sli.kind: unknown kind 'tool_succes'; expected one of tool_success, tool_latency, deny_ratio, tokens_per_call, cost_per_call",
      "native-schema.yaml:12:5: slo 'checkout': spec.selector.agent: unknown field",
    ],
  ],
  [
    'native-semantics.yaml',
    [
      "native-semantics.yaml:7:11: slo 'slow-search': spec.window: no built-in alert windows for 7d (google-30d for 30d, google-28d for 28d); set spec.alerting.windows",
      "native-semantics.yaml:10:18: slo 'slow-search': spec.sli.thresholdMs: 600 ms is not a bucket bound of agc_tool_call_duration_seconds; nearest bounds: 500 and 1000 (ms)",
      "native-semantics.yaml:12:14: slo 'slow-search': spec.circuit.enabled: a circuit needs spec.selector.agents or spec.selector.tools: an unscoped circuit would deny every call",
    ],
  ],
  [
    'native-windows.yaml',
    [
      "native-windows.yaml:11:62: slo 'custom-windows': spec.alerting.windows[0].short: short window 2h must be shorter than long window 1h",
      "native-windows.yaml:12:54: slo 'custom-windows': spec.alerting.windows[1].long: 90s must be whole minutes and at most the SLO window 28d",
      "native-windows.yaml:12:66: slo 'custom-windows': spec.alerting.windows[1].short: 30s must be whole minutes and at most the SLO window 28d",
      "native-windows.yaml:23:14: slo 'wrong-set': spec.alerting.windows: window set 'google-30d' is for a 30d SLO, this one is 28d",
      "native-windows.yaml:24:23: slo 'wrong-set': spec.circuit.enabled: a circuit cannot act on a deny_ratio SLO (denying more calls would feed it)",
    ],
  ],
  [
    'openslo-broken.yaml',
    [
      "openslo-broken.yaml:7:17: slo 'calendar': spec.indicatorRef: no SLI document named 'missing-sli' was loaded",
      "openslo-broken.yaml:9:17: slo 'calendar': spec.timeWindow[0].duration: '1M' is not a rolling duration (e.g. 28d, 4w)",
      "openslo-broken.yaml:10:18: slo 'calendar': spec.timeWindow[0].isRolling: calendar windows are not supported: use isRolling: true",
      "openslo-broken.yaml:11:20: slo 'calendar': spec.budgetingMethod: Timeslices is not supported: use Occurrences",
      "openslo-broken.yaml:13:7: slo 'calendar': spec.objectives[0]: give exactly one of target (0..1) or targetPercent (0..100)",
      "openslo-broken.yaml:26:18: sli 'no-window': spec.ratioMetric.good.metricSource.spec.query: query has no {{.window}} placeholder; agc substitutes each alert window into it",
      "openslo-broken.yaml:42:18: slo 'uses-no-window': spec.alertPolicies: alertPolicies are not supported: agc generates multi-window multi-burn-rate alerts",
      "openslo-broken.yaml:45:7: alertpolicy 'fast-burn': kind: OpenSLO kind 'AlertPolicy' is not supported (SLO, SLI, Service)",
    ],
  ],
  [
    'sloth-broken.yaml',
    [
      "sloth-broken.yaml:4:3: service 'svc': slo_plugins: slo_plugins (Sloth plugins run Go code) is not supported by agc",
      "sloth-broken.yaml:10:22: service 'svc': slos[0].sli.events.error_query: query has no {{.window}} placeholder; agc substitutes each alert window into it",
      "sloth-broken.yaml:12:5: service 'svc': slos[0].alerting.name: missing required field",
      "sloth-broken.yaml:14:18: service 'svc': slos[0].alerting.page_alert.disable: expected true or false, got 'yes'",
      "sloth-broken.yaml:16:16: service 'svc': slos[1].objective: must be a percentage above 0 (e.g. 99.9)",
      "sloth-broken.yaml:18:7: service 'svc': slos[1].sli: give exactly one of sli.events or sli.raw",
    ],
  ],
  [
    'unknown-docs.yaml',
    [
      "unknown-docs.yaml:1:13: apiVersion: unknown SLO document 'openslo/v1alpha': expected apiVersion agc/v1 or openslo/v1, or Sloth version prometheus/v1",
      'unknown-docs.yaml:4:1: expected a mapping (an SLO document), got a list',
      "unknown-docs.yaml:18:9: slo 'dup': duplicate SLO name (first defined at test/fixtures/slo/broken/unknown-docs.yaml:10:9)",
    ],
  ],
  [
    'yaml-syntax.yaml',
    [
      'yaml-syntax.yaml:5:3: YAML: Map keys must be unique',
      'yaml-syntax.yaml:8:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  ],
];

describe('broken specs report every problem with file:line:column', () => {
  it('covers every file of the corpus', () => {
    expect(readdirSync(DIR).sort()).toEqual(CORPUS.map(([file]) => file).sort());
  });

  it.each(CORPUS)('%s', (file, expected) => {
    let error: unknown;
    try {
      loadSloSpecs(`${DIR}/${file}`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SloError);
    const issues = (error as SloError).issues.map((i) => formatIssue(i).replace(`${DIR}/`, ''));
    expect(issues).toEqual(expected);
    const first = (error as SloError).issues[0];
    expect([
      (error as SloError).file,
      (error as SloError).line,
      (error as SloError).column,
    ]).toEqual([first?.file, first?.line, first?.column]);
  });

  it('a missing file is an issue too, not a stack trace', () => {
    expect(() => loadSloSpecs(`${DIR}/does-not-exist.yaml`)).toThrow(
      /does-not-exist.yaml:1:1: cannot read spec file/,
    );
  });

  it('lists problems across several files, sorted by file and position', () => {
    try {
      loadSloSpecs([`${DIR}/yaml-syntax.yaml`, `${DIR}/native-schema.yaml`]);
      expect.unreachable();
    } catch (e) {
      const files = (e as SloError).issues.map((i) => i.file.replace(`${DIR}/`, ''));
      expect(files).toEqual([...files].sort());
      expect(new Set(files)).toEqual(new Set(['yaml-syntax.yaml', 'native-schema.yaml']));
      expect((e as SloError).message).toMatch(/^7 SLO spec errors:\n/);
    }
  });
});
