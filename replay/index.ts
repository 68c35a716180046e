export { verifyRecording } from './verify-recording.js';
export type { VerifyResult } from './verify-recording.js';
