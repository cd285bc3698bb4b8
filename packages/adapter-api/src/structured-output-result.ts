/** What the orchestrator found when it checked the text of a task that asked for structured output. */
export interface StructuredOutputResult {
  /** True when the whole generated text is JSON that satisfies the task's `response_format`. */
  valid: boolean;
  /** Why it is not (at most 10 entries, e.g. `not JSON: …`, `/answer must be boolean`); absent when valid. */
  errors?: string[];
}
