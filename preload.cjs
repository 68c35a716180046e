'use strict';
// CommonJS entry of '@agc/otel'. `require('@agc/otel')` from code has no side effects; loaded
// by `node --require @agc/otel` (Node marks the parent 'internal/preload') it starts the runtime.
const api = require('./dist/cjs/index.js');

if (module.parent && module.parent.id === 'internal/preload') api.startFromEnvironment();
module.exports = api;
