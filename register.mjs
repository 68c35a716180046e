// `node --import @agc/otel/register app.mjs`: starts the runtime from the environment.
import { isMainThread } from 'node:worker_threads';
import { startFromEnvironment } from './dist/esm/index.js';

// Only the main thread governs (a loader-hooks or worker thread must not start a second runtime).
if (isMainThread) startFromEnvironment();
