// Labelled synthetic agent traffic for the anomaly quality benchmark. Deterministic: every agent's
// stream is a function of (seed, agent index) through a mulberry32 PRNG, so results repeat.
//
// Normal patterns: steady (Poisson), bursty (task sessions separated by idle gaps), focused (one
// tool only) and diurnal (24 h sinusoidal rate). Injected anomalies (one per anomalous agent, in
// [6 h, 21 h)): call_storm, tool_loop, new_tool, entropy_shift, latency_degradation, error_surge.
// tool_loop and entropy_shift are not injected into focused agents: with one tool, a loop or a mix
// shift has no observable tool-distribution signature (a different tool is new_tool).

/** mulberry32: a small, fast, well-mixed 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const PATTERNS = ['steady', 'bursty', 'focused', 'diurnal'];
export const ANOMALIES = [
  'call_storm',
  'tool_loop',
  'new_tool',
  'entropy_shift',
  'latency_degradation',
  'error_surge',
];
const SUSPICIOUS_TOOLS = ['http_post_external', 'upload_file', 'shell_exec', 'read_secrets'];
const TOOL_NAMES = [
  'search',
  'read_file',
  'write_file',
  'query_db',
  'send_email',
  'fetch_url',
  'summarise',
  'calendar',
  'translate',
  'run_tests',
  'create_ticket',
  'lookup_user',
];

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 0, 5);

const uniform = (rnd, lo, hi) => lo + (hi - lo) * rnd();
const int = (rnd, lo, hi) => Math.floor(uniform(rnd, lo, hi + 1));
const exponential = (rnd, mean) => -Math.log(1 - rnd()) * mean;
function normal(rnd) {
  const u = 1 - rnd();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}

function pick(rnd, weights) {
  let r = rnd() * weights.total;
  for (let i = 0; i < weights.values.length; i++) {
    r -= weights.values[i];
    if (r < 0) return i;
  }
  return weights.values.length - 1;
}

function weightsOf(values) {
  return { values, total: values.reduce((a, b) => a + b, 0) };
}

/**
 * The plan of agent INDEX under SEED: pattern, tools (weight, latency, error rate), rate, and the
 * injected anomaly (or none). `anomalyShare` of agents get one anomaly; kinds rotate.
 */
export function agentPlan(seed, index, { hours = 24, anomalyShare = 0.5 } = {}) {
  const rnd = mulberry32((seed * 1_000_003 + index * 7919) >>> 0);
  const pattern = PATTERNS[index % PATTERNS.length];
  const k = pattern === 'focused' ? 1 : int(rnd, 3, 9);
  const names = [...TOOL_NAMES];
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [names[i], names[j]] = [names[j], names[i]];
  }
  names.length = k;
  const s = uniform(rnd, 0.6, 1.4);
  const tools = names.map((name, i) => ({
    name,
    weight: 1 / (i + 1) ** s,
    medianMs: Math.exp(uniform(rnd, Math.log(30), Math.log(2000))),
    sigma: uniform(rnd, 0.2, 0.7),
    errorRate: uniform(rnd, 0, 0.04),
  }));
  const plan = {
    agentId: `agent-${seed}-${index}`,
    pattern,
    tools,
    hours,
    // Mean calls per minute (bursty: within-session rate and gap below).
    rate: pattern === 'bursty' ? 0 : Math.exp(uniform(rnd, Math.log(1), Math.log(20))),
    sessionGapMin: uniform(rnd, 5, 30),
    sessionCalls: [int(rnd, 5, 15), int(rnd, 20, 45)],
    sessionCallGapS: uniform(rnd, 2, 10),
    anomaly: undefined,
    seed: (seed * 2_654_435_761 + index) >>> 0,
  };
  if (pattern === 'bursty') {
    const meanCalls = (plan.sessionCalls[0] + plan.sessionCalls[1]) / 2;
    plan.rate = meanCalls / (plan.sessionGapMin + (meanCalls * plan.sessionCallGapS) / 60);
  }
  const anomalous = Math.floor(index / PATTERNS.length) % Math.round(1 / anomalyShare) === 0;
  if (anomalous) {
    const eligible = ANOMALIES.filter(
      (kind) => pattern !== 'focused' || (kind !== 'tool_loop' && kind !== 'entropy_shift'),
    );
    const kind = eligible[Math.floor(index / PATTERNS.length / 2) % eligible.length];
    const startMs = T0 + Math.floor(uniform(rnd, 6, 21) * HOUR);
    const durationMin = { call_storm: 15, tool_loop: 15, new_tool: 5 }[kind] ?? 30;
    plan.anomaly = {
      kind,
      startMs,
      endMs: startMs + durationMin * MIN,
      tool: kind === 'tool_loop' ? int(rnd, 0, k - 1) : 0,
      factor:
        kind === 'call_storm'
          ? uniform(rnd, 8, 20)
          : kind === 'tool_loop'
            ? uniform(rnd, 3, 6)
            : kind === 'latency_degradation'
              ? uniform(rnd, 4, 10)
              : kind === 'error_surge'
                ? uniform(rnd, 0.3, 0.7)
                : 1,
      newTool: SUSPICIOUS_TOOLS[index % SUSPICIOUS_TOOLS.length],
    };
  }
  return plan;
}

/** Normal arrival times (ms) of PLAN over its hours, in order. */
function* normalArrivals(plan, rnd) {
  const end = T0 + plan.hours * HOUR;
  if (plan.pattern === 'bursty') {
    let t = T0 + exponential(rnd, plan.sessionGapMin * MIN);
    while (t < end) {
      const calls = int(rnd, plan.sessionCalls[0], plan.sessionCalls[1]);
      for (let i = 0; i < calls && t < end; i++) {
        yield t;
        t += exponential(rnd, plan.sessionCallGapS * 1000);
      }
      t += exponential(rnd, plan.sessionGapMin * MIN);
    }
    return;
  }
  // Poisson process; diurnal by thinning a process at the peak rate.
  const peak = plan.pattern === 'diurnal' ? plan.rate * 1.8 : plan.rate;
  let t = T0;
  for (;;) {
    t += exponential(rnd, MIN / peak);
    if (t >= end) return;
    if (plan.pattern === 'diurnal') {
      const phase = (2 * Math.PI * (t - T0)) / (24 * HOUR);
      if (rnd() * 1.8 > 1 + 0.8 * Math.sin(phase)) continue;
    }
    yield t;
  }
}

/** Extra arrivals of the anomaly itself (storm and loop add calls; others reuse normal ones). */
function anomalyArrivals(plan, rnd) {
  const a = plan.anomaly;
  if (!a) return [];
  const times = [];
  if (a.kind === 'call_storm' || a.kind === 'tool_loop') {
    const rate = Math.max(plan.rate, 1) * a.factor;
    for (
      let t = a.startMs + exponential(rnd, MIN / rate);
      t < a.endMs;
      t += exponential(rnd, MIN / rate)
    ) {
      times.push(t);
    }
  } else if (a.kind === 'new_tool') {
    for (let i = 0; i < 3; i++)
      times.push(a.startMs + Math.floor(uniform(rnd, 0, a.endMs - a.startMs)));
    times.sort((x, y) => x - y);
  }
  return times;
}

/**
 * Calls an anomaly lasts at least, else it would be invisible in the data (a bursty agent may be
 * idle for the whole 30 minutes): calls of the affected tool for latency and error anomalies,
 * any calls for an entropy shift.
 */
export const MIN_AFFECTED_CALLS = { latency_degradation: 10, error_surge: 20, entropy_shift: 60 };

/**
 * Every call of PLAN in time order, as `ToolCallEvent`s. The anomaly's calls are mixed in, and
 * its effect (mix shift, slow tool, failing tool) applies to calls inside [startMs, endMs). A
 * latency, error or entropy anomaly lasts 30 minutes or {@link MIN_AFFECTED_CALLS} affected
 * calls, whichever is later: this call writes that final `endMs` into `plan.anomaly`
 * (deterministic, so every run over the plan sees the same label).
 */
export function agentEvents(plan) {
  const rnd = mulberry32(plan.seed);
  const a = plan.anomaly;
  const normalWeights = weightsOf(plan.tools.map((t) => t.weight));
  const shifted = weightsOf([...plan.tools.map((t) => t.weight)].reverse());
  const extra = anomalyArrivals(plan, rnd);
  const minAffected = (a && MIN_AFFECTED_CALLS[a.kind]) ?? 0;
  let affected = 0;
  const events = [];
  const emit = (t, toolIndex, toolName) => {
    const tool = plan.tools[toolIndex];
    let inside = a !== undefined && t >= a.startMs && t < a.endMs;
    const counts = a?.kind === 'entropy_shift' ? toolIndex >= 0 : toolIndex === 0;
    if (a !== undefined && counts && t >= a.startMs && minAffected > affected) {
      inside = true;
      affected++;
      if (t >= a.endMs) a.endMs = t + 1;
    }
    let durationMs = tool ? tool.medianMs * Math.exp(tool.sigma * normal(rnd)) : 200;
    if (rnd() < 0.01) durationMs *= uniform(rnd, 3, 10); // ordinary slow outliers
    let errorRate = tool ? tool.errorRate : 0;
    if (inside && a.kind === 'latency_degradation' && toolIndex === 0) durationMs *= a.factor;
    if (inside && a.kind === 'error_surge' && toolIndex === 0) errorRate = a.factor;
    events.push({
      timeMs: Math.floor(t),
      agentId: plan.agentId,
      tool: toolName ?? tool.name,
      decision: 'allow',
      source: 'policy',
      blocked: false,
      error: rnd() < errorRate,
      durationMs,
    });
  };
  let next = 0;
  for (const t of normalArrivals(plan, rnd)) {
    while (next < extra.length && extra[next] <= t) {
      if (a.kind === 'new_tool') emit(extra[next], -1, a.newTool);
      else if (a.kind === 'tool_loop') emit(extra[next], a.tool);
      else emit(extra[next], pick(rnd, normalWeights));
      next++;
    }
    const inside = a !== undefined && t >= a.startMs && (t < a.endMs || affected < minAffected);
    if (inside && a.kind === 'tool_loop') continue; // the loop replaces normal work
    emit(t, pick(rnd, inside && a.kind === 'entropy_shift' ? shifted : normalWeights));
  }
  for (; next < extra.length; next++) {
    if (a.kind === 'new_tool') emit(extra[next], -1, a.newTool);
    else emit(extra[next], a.kind === 'tool_loop' ? a.tool : pick(rnd, normalWeights));
  }
  return events;
}

export const TRAFFIC_T0 = T0;
export const TRAFFIC_HOUR = HOUR;
