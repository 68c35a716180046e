/**
 * `@agc/otel/conventions`: the names the package writes — span names, attribute keys, metric
 * names and labels, decision values — for queries, dashboards and your own instrumentation.
 */
export * from '../conventions/index.js';
