// `node --import @agc/otel/register app.mjs`: starts the runtime from the environment.
import { isMainThread, parentPort } from 'node:worker_threads';
import { startFromEnvironment } from './dist/esm/index.js';

// Nothing starts in the loader-hooks thread (no parentPort); a worker thread is governed too,
// without a /metrics port of its own.
if (isMainThread) startFromEnvironment();
else if (parentPort !== null)
  startFromEnvironment({ env: { ...process.env, AGC_METRICS_PORT: '0' } });
