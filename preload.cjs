'use strict';
// CommonJS entry of '@agc/otel'. `require('@agc/otel')` from code has no side effects; loaded
// by `node --require @agc/otel` (Node marks the parent 'internal/preload') it starts the runtime.
const { isMainThread } = require('node:worker_threads');
const api = require('./dist/cjs/index.js');

// Node 20 also runs --require preloads in the ESM loader-hooks thread: start only once, on main.
if (isMainThread && module.parent && module.parent.id === 'internal/preload') {
  api.startFromEnvironment();
}
module.exports = api;
