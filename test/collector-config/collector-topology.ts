import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

/** The component kinds a Collector config defines. */
export const KINDS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as const;
export type Kind = (typeof KINDS)[number];

/** One `service.pipelines` entry. */
export interface Pipeline {
  readonly id: string;
  /** traces | metrics | logs (the part before `/`). */
  readonly signal: string;
  readonly receivers: readonly string[];
  readonly processors: readonly string[];
  readonly exporters: readonly string[];
}

/** A parsed Collector config. */
export interface CollectorConfig {
  readonly raw: Record<string, unknown>;
  readonly components: Readonly<Record<Kind, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly pipelines: readonly Pipeline[];
  readonly serviceExtensions: readonly string[];
}

/** Reads a Collector YAML file; throws on YAML errors. */
export function readCollectorConfig(path: string): CollectorConfig {
  const doc = parseDocument(readFileSync(path, 'utf8'));
  if (doc.errors.length > 0)
    throw new Error(`${path}: ${doc.errors.map((e) => e.message).join('; ')}`);
  const raw = (doc.toJS() ?? {}) as Record<string, unknown>;
  const components = Object.fromEntries(
    KINDS.map((kind) => [kind, (raw[kind] ?? {}) as Record<string, Record<string, unknown>>]),
  ) as CollectorConfig['components'];
  const service = (raw.service ?? {}) as {
    pipelines?: Record<
      string,
      { receivers?: string[]; processors?: string[]; exporters?: string[] }
    >;
    extensions?: string[];
  };
  const pipelines = Object.entries(service.pipelines ?? {}).map(([id, p]) => ({
    id,
    signal: id.split('/')[0] ?? id,
    receivers: p.receivers ?? [],
    processors: p.processors ?? [],
    exporters: p.exporters ?? [],
  }));
  return { raw, components, pipelines, serviceExtensions: service.extensions ?? [] };
}

/** The component type of an id (`redaction/secrets` is a `redaction`). */
export function componentType(id: string): string {
  return id.split('/')[0] ?? id;
}

/** Signals a connector type consumes and produces. */
const CONNECTOR_SIGNALS: Record<string, { from: string[]; to: (from: string) => string[] }> = {
  forward: { from: ['traces', 'metrics', 'logs'], to: (from) => [from] },
  spanmetrics: { from: ['traces'], to: () => ['metrics'] },
};

/**
 * Every wiring problem of CONFIG, as readable lines (empty when sound): a pipeline naming an
 * undefined component, a defined component no pipeline uses, an extension not enabled, a
 * connector that does not join two pipelines (or joins incompatible signals), a pipeline no
 * receiver feeds, a cycle.
 */
export function wiringProblems(config: CollectorConfig): string[] {
  const problems: string[] = [];
  const { components, pipelines } = config;
  const defined = (kind: Kind, id: string) => Object.hasOwn(components[kind], id);
  const used: Record<Kind, Set<string>> = {
    receivers: new Set(),
    processors: new Set(),
    exporters: new Set(),
    connectors: new Set(),
    extensions: new Set(config.serviceExtensions),
  };
  for (const p of pipelines) {
    if (!['traces', 'metrics', 'logs'].includes(p.signal))
      problems.push(`pipeline ${p.id}: unknown signal '${p.signal}'`);
    if (p.receivers.length === 0) problems.push(`pipeline ${p.id}: no receivers`);
    if (p.exporters.length === 0) problems.push(`pipeline ${p.id}: no exporters`);
    for (const id of p.receivers) {
      if (defined('receivers', id)) used.receivers.add(id);
      else if (defined('connectors', id)) used.connectors.add(id);
      else problems.push(`pipeline ${p.id}: receiver '${id}' is not defined`);
    }
    for (const id of p.processors) {
      if (defined('processors', id)) used.processors.add(id);
      else problems.push(`pipeline ${p.id}: processor '${id}' is not defined`);
    }
    for (const id of p.exporters) {
      if (defined('exporters', id)) used.exporters.add(id);
      else if (defined('connectors', id)) used.connectors.add(id);
      else problems.push(`pipeline ${p.id}: exporter '${id}' is not defined`);
    }
    if (new Set(p.processors).size !== p.processors.length)
      problems.push(`pipeline ${p.id}: a processor is listed twice`);
  }
  for (const kind of KINDS) {
    for (const id of Object.keys(components[kind])) {
      if (!used[kind].has(id)) {
        problems.push(
          kind === 'extensions'
            ? `extension '${id}' is defined but not enabled in service.extensions`
            : `${kind.slice(0, -1)} '${id}' is defined but no pipeline uses it`,
        );
      }
    }
  }
  for (const id of config.serviceExtensions) {
    if (!defined('extensions', id)) problems.push(`service extension '${id}' is not defined`);
  }
  // Connectors: the exporting pipeline's signal must be one the connector consumes, and the
  // receiving pipeline's one it produces.
  for (const id of Object.keys(components.connectors)) {
    const into = pipelines.filter((p) => p.exporters.includes(id));
    const outOf = pipelines.filter((p) => p.receivers.includes(id));
    if (into.length === 0 || outOf.length === 0) {
      problems.push(
        `connector '${id}' must be an exporter of one pipeline and a receiver of another`,
      );
      continue;
    }
    const signals = CONNECTOR_SIGNALS[componentType(id)];
    if (!signals) {
      problems.push(`connector '${id}': unknown connector type (teach CONNECTOR_SIGNALS)`);
      continue;
    }
    for (const a of into) {
      if (!signals.from.includes(a.signal))
        problems.push(`connector '${id}' cannot consume ${a.signal} (from ${a.id})`);
      for (const b of outOf) {
        if (!signals.to(a.signal).includes(b.signal)) {
          problems.push(
            `connector '${id}' turns ${a.signal} into ${signals.to(a.signal).join('/')}, not ${b.signal} (${a.id} -> ${b.id})`,
          );
        }
      }
    }
  }
  // Reachability from real receivers, and no cycles through connectors.
  for (const p of pipelines) {
    if (
      upstream(pipelines, p.id, components).size === 0 &&
      p.receivers.every((r) => defined('connectors', r))
    ) {
      problems.push(`pipeline ${p.id}: nothing feeds it (only connectors no pipeline exports to)`);
    }
    if (upstream(pipelines, p.id, components).has(p.id))
      problems.push(`pipeline ${p.id}: is part of a cycle`);
  }
  return problems;
}

/** Pipelines that feed pipeline ID through connectors, transitively. */
export function upstream(
  pipelines: readonly Pipeline[],
  id: string,
  components: CollectorConfig['components'],
): Set<string> {
  const seen = new Set<string>();
  const visit = (target: string) => {
    const p = pipelines.find((x) => x.id === target);
    if (!p) return;
    for (const r of p.receivers) {
      if (!Object.hasOwn(components.connectors, r)) continue;
      for (const from of pipelines.filter((x) => x.exporters.includes(r))) {
        if (seen.has(from.id)) continue;
        seen.add(from.id);
        visit(from.id);
      }
    }
  };
  visit(id);
  return seen;
}
