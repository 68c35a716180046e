// Scores detectors on labelled traffic: recall, precision, false alerts per 100 normal
// agent-hours, and detection delay. Alerts are grouped into episodes per agent (alerts less than
// EPISODE_GAP apart are one page, as Alertmanager groups them). An episode that starts inside an
// injected anomaly [start, end] detects it; one that starts within GRACE after its end is neither
// a detection nor a false alert (recovery: the baseline has to re-learn); any other is a false
// alert. Normal agent-hours exclude anomaly windows and their grace. `recallAnyAlert` is the
// looser reading: any alert inside the window, even one continuing an episode that began before
// it (an always-alerting detector scores well there and badly on the episode recall).

import { performance } from 'node:perf_hooks';
import { agentEvents, agentPlan, ANOMALIES, PATTERNS, TRAFFIC_HOUR } from './traffic.mjs';
import { IncumbentRogueDetector, INCUMBENT_LEVELS } from './incumbent.mjs';

export const EPISODE_GAP_MS = 10 * 60_000;
export const GRACE_MS = 30 * 60_000;
const LEVEL_RANK = Object.fromEntries(INCUMBENT_LEVELS.map((level, i) => [level, i]));

/** The plans of one seed. */
export function plansFor(seed, agents, hours) {
  return Array.from({ length: agents }, (_, i) => agentPlan(seed, i, { hours }));
}

/**
 * Our detector as a benchmark system: an `AnomalyMonitor` (from the built package) with default
 * options, sized to hold every agent. An alert is an assessment (level = its risk level).
 */
export function ourSystem(AnomalyMonitor, plans, { declared = false, options = {} } = {}) {
  const monitor = new AnomalyMonitor({
    ...options,
    maxAgents: plans.length,
    capability: { ...options.capability, profiles: declared ? declaredProfiles(plans) : {} },
  });
  return {
    name: 'ours',
    observe(event) {
      const a = monitor.observe(event);
      return a && { t: a.timeMs, level: a.level, detectors: a.findings.map((f) => f.detector) };
    },
  };
}

/**
 * The incumbent as a benchmark system: record_action then assess on every call (its runtime use);
 * an alert is any assessment above LOW.
 */
export function incumbentSystem(plans, { declared = false } = {}) {
  const detector = new IncumbentRogueDetector();
  if (declared) {
    for (const [agentId, tools] of Object.entries(declaredProfiles(plans))) {
      detector.registerCapabilityProfile(agentId, tools);
    }
  }
  return {
    name: 'incumbent',
    observe(event) {
      const seconds = event.timeMs / 1000;
      detector.recordAction(event.agentId, event.tool, event.tool, seconds);
      const r = detector.assess(event.agentId, seconds);
      if (r.level === 'low') return undefined;
      const detectors = [];
      if (r.frequency > 0) detectors.push('frequency');
      if (r.entropy > 0) detectors.push('entropy');
      if (r.capability > 0) detectors.push('capability');
      return { t: event.timeMs, level: r.level, detectors };
    },
  };
}

/**
 * Feeds every agent's calls (generated once) to each system; returns, per system, the alerts
 * per agent and the time spent inside `observe` (ms), plus the number of events.
 */
export function runSystems(plans, systems) {
  const out = systems.map((s) => ({ name: s.name, alerts: new Map(), observeMs: 0 }));
  let events = 0;
  for (const plan of plans) {
    const calls = agentEvents(plan);
    events += calls.length;
    systems.forEach((system, i) => {
      const list = [];
      const start = performance.now();
      for (const event of calls) {
        const alert = system.observe(event);
        if (alert !== undefined) list.push(alert);
      }
      out[i].observeMs += performance.now() - start;
      out[i].alerts.set(plan.agentId, list);
    });
  }
  return { results: out, events };
}

function declaredProfiles(plans) {
  return Object.fromEntries(plans.map((p) => [p.agentId, p.tools.map((t) => t.name)]));
}

/** Groups alerts at or above MINLEVEL into episodes. */
function episodes(list, minLevel) {
  const out = [];
  let last = -Infinity;
  for (const alert of list) {
    if (LEVEL_RANK[alert.level] < LEVEL_RANK[minLevel]) continue;
    if (alert.t - last >= EPISODE_GAP_MS || out.length === 0) out.push({ ...alert });
    last = alert.t;
  }
  return out;
}

/** Scores ALERTS (per agent) against PLANS' labels, counting alerts at or above MINLEVEL. */
export function score(plans, alerts, minLevel) {
  const result = {
    injected: 0,
    detected: 0,
    detectedAny: 0,
    truePositiveEpisodes: 0,
    falseEpisodes: 0,
    normalHours: 0,
    byClass: Object.fromEntries(
      ANOMALIES.map((k) => [k, { injected: 0, detected: 0, delays: [] }]),
    ),
    byPattern: Object.fromEntries(PATTERNS.map((p) => [p, { normalHours: 0, falseEpisodes: 0 }])),
    falseByDetector: {},
  };
  for (const plan of plans) {
    const a = plan.anomaly;
    let hours = plan.hours;
    if (a) hours -= (a.endMs - a.startMs + GRACE_MS) / TRAFFIC_HOUR;
    result.normalHours += hours;
    result.byPattern[plan.pattern].normalHours += hours;
    let firstDetection;
    for (const e of episodes(alerts.get(plan.agentId) ?? [], minLevel)) {
      if (a && e.t >= a.startMs && e.t <= a.endMs) {
        result.truePositiveEpisodes++;
        firstDetection ??= e.t;
      } else if (a && e.t > a.endMs && e.t <= a.endMs + GRACE_MS) {
        // recovery: neither
      } else {
        result.falseEpisodes++;
        result.byPattern[plan.pattern].falseEpisodes++;
        for (const d of new Set(e.detectors)) {
          result.falseByDetector[d] = (result.falseByDetector[d] ?? 0) + 1;
        }
      }
    }
    if (a) {
      const any = (alerts.get(plan.agentId) ?? []).some(
        (x) => LEVEL_RANK[x.level] >= LEVEL_RANK[minLevel] && x.t >= a.startMs && x.t <= a.endMs,
      );
      if (any) result.detectedAny++;
      result.injected++;
      result.byClass[a.kind].injected++;
      if (firstDetection !== undefined) {
        result.detected++;
        result.byClass[a.kind].detected++;
        result.byClass[a.kind].delays.push((firstDetection - a.startMs) / 1000);
      }
    }
  }
  return result;
}

/** Adds score results (of several seeds) together. */
export function merge(results) {
  const total = JSON.parse(JSON.stringify(results[0]));
  for (const r of results.slice(1)) {
    for (const key of [
      'injected',
      'detected',
      'detectedAny',
      'truePositiveEpisodes',
      'falseEpisodes',
      'normalHours',
    ]) {
      total[key] += r[key];
    }
    for (const [k, c] of Object.entries(r.byClass)) {
      total.byClass[k].injected += c.injected;
      total.byClass[k].detected += c.detected;
      total.byClass[k].delays.push(...c.delays);
    }
    for (const [p, c] of Object.entries(r.byPattern)) {
      total.byPattern[p].normalHours += c.normalHours;
      total.byPattern[p].falseEpisodes += c.falseEpisodes;
    }
    for (const [d, n] of Object.entries(r.falseByDetector)) {
      total.falseByDetector[d] = (total.falseByDetector[d] ?? 0) + n;
    }
  }
  return total;
}

/** Summary figures of a (merged) result. */
export function summarise(r) {
  const delays = Object.values(r.byClass).flatMap((c) => c.delays);
  const alerts = r.truePositiveEpisodes + r.falseEpisodes;
  return {
    recall: r.injected ? r.detected / r.injected : NaN,
    recallAnyAlert: r.injected ? r.detectedAny / r.injected : NaN,
    precision: alerts ? r.truePositiveEpisodes / alerts : NaN,
    falsePer100AgentHours: (100 * r.falseEpisodes) / r.normalHours,
    delayMedianS: quantile(delays, 0.5),
    delayP90S: quantile(delays, 0.9),
    injected: r.injected,
    detected: r.detected,
    falseEpisodes: r.falseEpisodes,
    normalAgentHours: r.normalHours,
    recallByClass: Object.fromEntries(
      Object.entries(r.byClass).map(([k, c]) => [
        k,
        {
          recall: c.injected ? c.detected / c.injected : NaN,
          injected: c.injected,
          delayMedianS: quantile(c.delays, 0.5),
        },
      ]),
    ),
    falsePer100ByPattern: Object.fromEntries(
      Object.entries(r.byPattern).map(([p, c]) => [p, (100 * c.falseEpisodes) / c.normalHours]),
    ),
    falseByDetector: r.falseByDetector,
  };
}

function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
