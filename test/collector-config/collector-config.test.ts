import { REDACTED, redact, redactText } from '../../common/index.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ATTR_AGC_POLICY_DECISION,
  ATTR_AGC_POLICY_RULE,
  ATTR_AGC_POLICY_SOURCE,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  DECISION_SOURCES,
  DECISIONS,
  EVENT_AGC_ANOMALY,
  EVENT_AGC_CIRCUIT,
  EVENT_AGC_SLO_ALERT,
  GEN_AI_OPERATION_EXECUTE_TOOL,
} from '../../conventions/index.js';
import * as attributes from '../../conventions/attributes.js';
import { readCollectorConfig, upstream, wiringProblems } from './collector-topology.js';
import type { CollectorConfig } from './collector-topology.js';

const DIR = join(import.meta.dirname, '../../collector-config');
const agent = readCollectorConfig(join(DIR, 'agent.yaml'));
const gateway = readCollectorConfig(join(DIR, 'gateway.yaml'));
const pipeline = (config: CollectorConfig, id: string) => {
  const p = config.pipelines.find((x) => x.id === id);
  if (!p) throw new Error(`no pipeline ${id}`);
  return p;
};
type Obj = Record<string, unknown>;
const component = (
  config: CollectorConfig,
  kind: 'processors' | 'exporters' | 'connectors',
  id: string,
) => config.components[kind][id] as Obj;

describe('wiring (every component referenced is defined and used, pipelines connect)', () => {
  it.each([
    ['agent.yaml', agent],
    ['gateway.yaml', gateway],
  ])('%s is sound', (_name, config) => {
    expect(wiringProblems(config)).toEqual([]);
  });

  it('the checker finds broken wiring (so the test above can fail)', () => {
    const broken: CollectorConfig = {
      ...gateway,
      components: {
        ...gateway.components,
        processors: { ...gateway.components.processors, unused: {} },
        connectors: { ...gateway.components.connectors, 'forward/dangling': {} },
      },
      pipelines: [
        ...gateway.pipelines.filter((p) => p.id !== 'metrics/spanmetrics'),
        {
          id: 'logs/x',
          signal: 'logs',
          receivers: ['spanmetrics'],
          processors: ['nope'],
          exporters: ['prometheus'],
        },
      ],
      serviceExtensions: ['health_check', 'zpages'],
    };
    expect(wiringProblems(broken).sort()).toEqual(
      [
        "pipeline logs/x: processor 'nope' is not defined",
        "processor 'unused' is defined but no pipeline uses it",
        "service extension 'zpages' is not defined",
        "connector 'forward/dangling' is defined but no pipeline uses it",
        "connector 'forward/dangling' must be an exporter of one pipeline and a receiver of another",
        "connector 'spanmetrics' turns traces into metrics, not logs (traces/spanmetrics -> logs/x)",
      ].sort(),
    );
  });
});

describe('gateway.yaml', () => {
  it('computes span metrics from every tool span before tail sampling', () => {
    const feeding = gateway.pipelines.filter((p) => p.exporters.includes('spanmetrics'));
    expect(feeding.map((p) => p.id)).toEqual(['traces/spanmetrics']);
    const chain = [
      ...feeding,
      ...[...upstream(gateway.pipelines, 'traces/spanmetrics', gateway.components)].map((id) =>
        pipeline(gateway, id),
      ),
    ];
    expect(chain.flatMap((p) => p.processors)).not.toContain('tail_sampling');
    expect(chain.flatMap((p) => p.receivers)).toContain('otlp');
    // Only tool spans: the filter drops spans whose operation is not execute_tool.
    const filter = component(gateway, 'processors', 'filter/tool-spans') as {
      traces: { span: string[] };
    };
    expect(filter.traces.span).toEqual([
      `attributes["${ATTR_GEN_AI_OPERATION_NAME}"] != "${GEN_AI_OPERATION_EXECUTE_TOOL}"`,
    ]);
  });

  it('span metrics carry decision, source, tool and agent dimensions named in conventions/', () => {
    const spanmetrics = component(gateway, 'connectors', 'spanmetrics') as {
      namespace: string;
      dimensions: { name: string }[];
    };
    const names = spanmetrics.dimensions.map((d) => d.name);
    for (const required of [
      ATTR_AGC_POLICY_DECISION,
      ATTR_AGC_POLICY_SOURCE,
      ATTR_GEN_AI_TOOL_NAME,
      ATTR_GEN_AI_AGENT_ID,
    ]) {
      expect(names).toContain(required);
    }
    const known = new Set<string>(Object.values(attributes));
    expect(names.filter((n) => !known.has(n))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining([ATTR_AGC_POLICY_RULE, ATTR_ERROR_TYPE]));
    expect(spanmetrics.namespace).toBe('agc.span');
  });

  it('tail sampling keeps every deny, quarantine, error and anomaly, plus a probabilistic share', () => {
    const sampled = pipeline(gateway, 'traces/sampled');
    expect(sampled.processors[0]).toBe('tail_sampling');
    const { policies } = component(gateway, 'processors', 'tail_sampling') as {
      policies: { name: string; type: string; [k: string]: unknown }[];
    };
    const byType = (type: string) => policies.filter((p) => p.type === type);
    const stringKeeps = Object.fromEntries(
      byType('string_attribute').map((p) => {
        const s = p.string_attribute as { key: string; values: string[] };
        return [s.key, s.values];
      }),
    );
    expect(stringKeeps[ATTR_AGC_POLICY_DECISION]).toEqual(['deny', 'audit']);
    expect(stringKeeps[ATTR_AGC_POLICY_SOURCE]).toEqual(['quarantine', 'circuit', 'error']);
    for (const v of stringKeeps[ATTR_AGC_POLICY_DECISION] ?? [])
      expect(DECISIONS as readonly string[]).toContain(v);
    for (const v of stringKeeps[ATTR_AGC_POLICY_SOURCE] ?? [])
      expect(DECISION_SOURCES as readonly string[]).toContain(v);
    expect(byType('status_code').map((p) => p.status_code)).toEqual([{ status_codes: ['ERROR'] }]);
    const events = byType('ottl_condition').flatMap(
      (p) => (p.ottl_condition as { spanevent: string[] }).spanevent,
    );
    expect(events).toEqual(
      [EVENT_AGC_ANOMALY, EVENT_AGC_SLO_ALERT, EVENT_AGC_CIRCUIT].map((e) => `name == "${e}"`),
    );
    expect(byType('probabilistic')).toHaveLength(1);
    // No drop policy: nothing can veto a kept deny.
    expect(byType('drop')).toEqual([]);
  });

  it('sends kept traces to the trace backend and to the append-mode file exporter agc replay reads', () => {
    expect(pipeline(gateway, 'traces/sampled').exporters).toEqual(['otlp/traces', 'file/replay']);
    const file = component(gateway, 'exporters', 'file/replay');
    expect(file).toMatchObject({ format: 'json', append: true });
    // The collector refuses append together with rotation or compression.
    expect(file.rotation).toBeUndefined();
    expect(file.compression).toBeUndefined();
  });

  it('exposes span metrics for Prometheus', () => {
    expect(pipeline(gateway, 'metrics/spanmetrics')).toMatchObject({
      receivers: ['spanmetrics'],
      exporters: ['prometheus'],
    });
  });
});

describe('agent.yaml', () => {
  it('routes by trace id to the gateway tier, so tail sampling sees whole traces', () => {
    expect(pipeline(agent, 'traces').exporters).toEqual(['loadbalancing']);
    expect(component(agent, 'exporters', 'loadbalancing')).toMatchObject({
      routing_key: 'traceID',
      resolver: { dns: { hostname: '${env:AGC_GATEWAY_HOST:-agc-gateway}', port: 4317 } },
    });
  });

  it('redacts with the same patterns as the gateway', () => {
    expect(component(agent, 'processors', 'redaction/secrets')).toEqual(
      component(gateway, 'processors', 'redaction/secrets'),
    );
  });
});

describe('both configs', () => {
  const traceIngest = [pipeline(agent, 'traces'), pipeline(gateway, 'traces/ingest')];

  it('limit memory first, redact before anything is exported, and batch last', () => {
    for (const config of [agent, gateway]) {
      for (const p of config.pipelines) {
        const i = p.processors.indexOf('memory_limiter');
        if (i >= 0) expect(i, p.id).toBe(0);
        const b = p.processors.indexOf('batch');
        if (b >= 0) expect(b, p.id).toBe(p.processors.length - 1);
      }
    }
    for (const p of traceIngest)
      expect(p.processors.slice(0, 2)).toEqual(['memory_limiter', 'redaction/secrets']);
  });

  it.each([
    ['agent.yaml', agent],
    ['gateway.yaml', gateway],
  ])('%s: every ${env:...} has a default, so the file runs unmodified', (_name, config) => {
    const text = JSON.stringify(config.raw);
    const refs = [...text.matchAll(/\$\{env:([A-Z0-9_]+)(:-[^}]*)?\}/g)];
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((m) => m[2] === undefined).map((m) => m[1])).toEqual([]);
  });
});

describe('redaction patterns', () => {
  const redaction = component(gateway, 'processors', 'redaction/secrets') as {
    blocked_key_patterns: string[];
    blocked_values: string[];
  };
  // RE2 (Go) has no lookarounds or backreferences; `(?i)` is RE2's case-insensitive flag.
  const re2 = (pattern: string) => {
    expect(pattern, pattern).not.toMatch(/\(\?[=!<]|\\[1-9]/);
    return pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern);
  };
  const keys = redaction.blocked_key_patterns.map(re2);
  const values = redaction.blocked_values.map(re2);
  const keyMasked = (key: string) => keys.some((k) => k.test(key));
  const valueMasked = (value: string) => values.some((v) => v.test(value));

  it.each([
    'http.request.header.authorization',
    'OPENAI_API_KEY',
    'db.password',
    'client_secret',
    'access_token',
    'Refresh-Token',
    'session.cookie',
  ])('masks the value of attribute %s', (key) => {
    expect(keyMasked(key)).toBe(true);
  });

  it.each([
    ['OpenAI key', '{"key":"sk-proj-abcdefghijklmnopqrstuvwxyz0123"}'],
    ['AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['JWT', 'token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl'],
    ['GitHub token', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'],
    ['Slack token', 'xoxb-1234567890-abcdefghij'],
    ['PEM key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...'],
    ['bearer header', 'Authorization: Bearer abc.def-ghi'],
  ])('masks a %s inside any value', (_what, value) => {
    expect(valueMasked(value)).toBe(true);
  });

  // The collector is the second line of defence behind common/redact.ts: whatever the runtime
  // redacts, the collector must mask too, so spans of other instrumentations (which the runtime
  // does not see) and older agents get the same protection. One corpus, checked on both sides.
  const SECRET_VALUES = [
    'sk-proj-abcdefghijklmnopqrstuvwxyz0123',
    'sk-ant-abcdefghijklmnopqrstuv',
    'AKIAIOSFODNN7EXAMPLE',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl',
    'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB',
    'xoxb-1234567890-abcdefghij',
    '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
    'Bearer abcdefgh.ijk',
    'AIzaSyA0123456789abcdefghijklmnopqrstuv',
    'jane.doe@example.com',
    'github_pat_11ABCDEFG0aBcDeFgHiJkL_MnOpQrSt',
    'glpat-Xy7Zq2Lm9Np4Rt6Vw1Bc',
    'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
    'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    'hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
    'Basic YWxhZGRpbjpvcGVuc2VzYW1l',
    'postgres://app:S3cret@db:5432/orders',
    'password=hunter2',
    '078-05-1120',
    '-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBGN0\n-----END PGP PRIVATE KEY BLOCK-----',
  ];
  const SECRET_KEYS = [
    'password',
    'passwd',
    'passphrase',
    'secret',
    'client_secret',
    'token',
    'access_token',
    'api_key',
    'apikey',
    'auth',
    'authorization',
    'credentials',
    'private_key',
    'cookie',
    'session_id',
    'sessionId',
    'signature',
    'pwd',
    'user_pin',
    'ssn',
  ];
  it.each(SECRET_VALUES)('masks %s, as the runtime redacts it', (value) => {
    expect(redactText(value)).not.toBe(value);
    expect(valueMasked(value)).toBe(true);
  });
  it.each(SECRET_KEYS)('masks the attribute %s, as the runtime redacts the field', (key) => {
    expect(redact({ [key]: 'v' })).toEqual({ [key]: REDACTED });
    expect(keyMasked(key)).toBe(true);
  });
  it('keeps token counts, as the runtime does', () => {
    expect(redact({ input_tokens: 12 })).toEqual({ input_tokens: 12 });
    expect(keyMasked('gen_ai.usage.input_tokens')).toBe(false);
    expect(keyMasked('gen_ai.usage.output_tokens')).toBe(false);
  });

  it('never masks the governance attributes or their values', () => {
    const names = (Object.values(attributes) as unknown[]).filter(
      (v): v is string => typeof v === 'string',
    );
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter(keyMasked)).toEqual([]);
    const ordinary = [
      ...DECISIONS,
      ...DECISION_SOURCES,
      'execute_tool',
      'web_search',
      'researcher-1',
      'reads outside the workspace are not allowed',
      'sk-short',
    ];
    expect(ordinary.filter(valueMasked)).toEqual([]);
  });
});
