import type { TaskRequest } from '../tasks/task-request-schema.js';

/** An OpenAI-compatible request turned into a native task request, with what its dialect needs to answer. */
export interface ConvertedOpenAiRequest {
  /** The native request, already checked by the native rules (what `parseTaskRequest` returns). */
  task: TaskRequest;
  /** `stream: true`: answer with SSE chunks; else one JSON answer. */
  stream: boolean;
  /** `stream_options.include_usage`: one last chunk with `choices: []` and `usage`. */
  includeUsage: boolean;
  /** The client's `user` (or `safety_identifier`), logged as the client id and never used for auth. */
  clientUser?: string;
  /** Maps a native field path (`max_tokens`, `messages[2].content`) to the field the client sent. */
  paramOf: (nativeField: string) => string;
}
