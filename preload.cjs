'use strict';
// CommonJS entry of '@agc/otel'. `require('@agc/otel')` from code has no side effects; loaded
// by `node --require @agc/otel` (Node marks the parent 'internal/preload') it starts the runtime.
const { isMainThread, parentPort } = require('node:worker_threads');
const api = require('./dist/cjs/index.js');

if (module.parent && module.parent.id === 'internal/preload') {
  // Node 20 also runs --require preloads in the ESM loader-hooks thread (no parentPort): nothing
  // starts there. A worker thread is governed too, without a /metrics port of its own.
  if (isMainThread) api.startFromEnvironment();
  else if (parentPort !== null)
    api.startFromEnvironment({ env: { ...process.env, AGC_METRICS_PORT: '0' } });
}
module.exports = api;
