import type { AdapterLogger } from '@orch/adapter-api';

/** The settings every HTTP engine adapter takes, beside its engine's own (base URL, key, timeouts…). */
export interface EngineAdapterSettings {
  /** Model name reported in `started` (the pool's model name). */
  model: string;
  /** Where dropped fields and diagnostics go. Never receives the API key. */
  logger?: AdapterLogger;
}
