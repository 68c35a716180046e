/**
 * `@agc/otel/instrumentation`: the framework instrumentations, to register with an
 * OpenTelemetry SDK of your own instead of the preload, and the governed-call API.
 */
export {
  AgcInstrumentation,
  AiSdkInstrumentation,
  FRAMEWORK_NAMES,
  GoogleAdkInstrumentation,
  LangChainInstrumentation,
  LlamaIndexInstrumentation,
  McpInstrumentation,
  OpenAIAgentsInstrumentation,
  PolicyDeniedError,
  currentAgent,
  enableInstrumentations,
  govern,
  isPolicyDeniedError,
  recordModelCall,
  withAgent,
} from '../instrumentation/index.js';
export type {
  AgcInstrumentationConfig,
  AiSdkInstrumentationConfig,
  EnableInstrumentationsOptions,
  EnabledInstrumentations,
  EsmHookMode,
  FrameworkName,
  GoogleAdkInstrumentationConfig,
  GovernOptions,
  GovernedCall,
  LangChainInstrumentationConfig,
  LlamaIndexInstrumentationConfig,
  McpInstrumentationConfig,
  ModelCall,
  ModelResponseCodec,
  ModelUsage,
  OpenAIAgentsInstrumentationConfig,
  ResultCodec,
} from '../instrumentation/index.js';
