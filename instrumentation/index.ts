export { govern } from './govern.js';
export type { GovernedCall } from './govern.js';
export { withAgent, currentAgent } from './with-agent.js';
export { PolicyDeniedError, isPolicyDeniedError } from './policy-denied-error.js';
export { startFromEnvironment, getRuntime, EXIT_CONFIG } from './start.js';
export type { StartOptions } from './start.js';
