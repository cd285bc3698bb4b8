import type { FinishReason } from '../finish-reason.js';
import type { StructuredOutputResult } from '../structured-output-result.js';

/** Successful terminal event: generation finished and every token has been delivered. */
export interface EndEvent {
  type: 'end';
  /** Normalised reason generation ended. */
  finish_reason: FinishReason;
  /** The engine's own value (`eos`, `limit`, `eos_token`, `stop_sequence`…), kept for diagnosis. */
  finish_reason_raw: string;
  /** Prompt tokens as counted by the engine; absent when the engine does not say. */
  tokens_in?: number;
  /** Generated tokens as counted by the engine (or by the adapter when the engine does not say). */
  tokens_out?: number;
  /** Milliseconds from the attempt's request to the first token event. */
  ttft_ms?: number;
  /** Milliseconds spent decoding (engine timing where available, else measured by the adapter). */
  decode_ms?: number;
  /**
   * Set by the orchestrator when the task asked for `response_format`: whether the whole generated text is
   * JSON that satisfies it. Absent for tasks without `response_format`.
   */
  structured_output?: StructuredOutputResult;
}
