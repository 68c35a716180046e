import { METRICS, SLO_METRICS } from '../../conventions/index.js';

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);
const LABEL_LISTS = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g;
const NAME = /(?<![\w.:$])[A-Za-z_:][\w:]*/g;

/**
 * The metric names a PromQL expression reads: identifiers that are not functions, keywords,
 * label names (inside `{}` or `by (...)` lists), strings, durations or Grafana variables.
 * `label_values(SELECTOR, label)` (a Grafana variable query) reads SELECTOR's metric.
 */
export function metricNames(expr: string): string[] {
  const labelValues = /^label_values\((.*),\s*[A-Za-z_]\w*\)$/.exec(expr.trim());
  let text = labelValues?.[1] ?? expr;
  text = text
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(LABEL_LISTS, ' ');
  const names: string[] = [];
  for (const match of text.matchAll(NAME)) {
    const rest = text.slice((match.index ?? 0) + match[0].length);
    if (/^\s*\(/.test(rest)) continue; // a function call (or an aggregation)
    if (KEYWORDS.has(match[0].toLowerCase())) continue;
    names.push(match[0]);
  }
  return [...new Set(names)];
}

/** Every series name the runtime exports, from `conventions/` (histograms as their series). */
export function conventionSeriesNames(): Set<string> {
  const names = new Set<string>();
  for (const metric of [...METRICS, ...SLO_METRICS]) {
    if (metric.type === 'histogram') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
    } else names.add(metric.name);
  }
  return names;
}
