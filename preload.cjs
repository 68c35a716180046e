'use strict';
// CommonJS entry of '@agc/otel'. `require('@agc/otel')` from code has no side effects; loaded
// by `node --require @agc/otel` (Node marks the parent 'internal/preload') it starts the runtime.
const { isMainThread, parentPort } = require('node:worker_threads');

const preloaded = Boolean(module.parent && module.parent.id === 'internal/preload');
// Node 20 also runs --require preloads in the ESM loader-hooks thread (no parentPort). Nothing of
// ours runs there, so do not even load the runtime: it would cost every ESM app ~350 ms at start.
if (preloaded && !isMainThread && parentPort === null) return;

const api = require('./dist/cjs/index.js');
if (preloaded) {
  // A worker thread is governed too, without a /metrics port of its own.
  if (isMainThread) api.startFromEnvironment();
  else api.startFromEnvironment({ env: { ...process.env, AGC_METRICS_PORT: '0' } });
}
module.exports = api;
