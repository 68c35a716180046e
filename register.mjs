// `node --import @agc/otel/register app.mjs`: starts the runtime from the environment.
import { startFromEnvironment } from './dist/esm/index.js';

startFromEnvironment();
