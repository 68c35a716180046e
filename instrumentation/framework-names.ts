/**
 * The frameworks `@agc/otel` instruments, by the names `AGC_INSTRUMENTATIONS` and
 * `AGC_DISABLED_INSTRUMENTATIONS` take, in registration order. Kept apart from the
 * instrumentations themselves so configuration can be checked without loading them.
 */
export const FRAMEWORK_NAMES = [
  'langchain',
  'openai-agents',
  'ai-sdk',
  'mcp',
  'google-adk',
  'llamaindex',
  'mastra',
] as const;

/** One of {@link FRAMEWORK_NAMES}. */
export type FrameworkName = (typeof FRAMEWORK_NAMES)[number];

/** When to register the ESM loader hook (`AGC_ESM_HOOK`). */
export type EsmHookMode = 'auto' | 'on' | 'off';
