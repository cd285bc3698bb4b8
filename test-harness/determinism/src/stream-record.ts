/**
 * What decides whether two runs of a task gave the same answer: the determinism stamp, every token event's
 * text in order, the engine token ids where the source exposes them, and how generation ended. Volatile facts
 * (replica, timings, queue position) are left out.
 */
export interface StreamRecord {
  /** `engine`, `engine_version`, `model_digest`, `sampler_profile_version` and `seed` of `started`, when present. */
  stamp: Record<string, string | number | undefined>;
  /** The text of each token event, in order. */
  tokens: string[];
  /** Engine token ids, in order, when the source reports them (raw llama-server streams do). */
  tokenIds?: number[];
  /** Normalised finish reason, or `error:<code>` when the stream ended with an error. */
  finish: string;
  /** The engine's own finish value. */
  finishRaw: string;
  /** Generated tokens as the engine counted them, when it says. */
  tokensOut?: number;
}
