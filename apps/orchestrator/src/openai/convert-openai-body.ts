import type { TaskRequest } from '../tasks/task-request-schema.js';
import type { ConvertedOpenAiRequest } from './converted-openai-request.js';
import { validateConvertedRequest } from './validate-converted-request.js';

/** The native fields every OpenAI dialect takes under their native names (`sharedSamplingFields`, the extensions). */
type SameNamedFields = Pick<
  TaskRequest,
  | 'model'
  | 'temperature'
  | 'top_p'
  | 'top_k'
  | 'min_p'
  | 'seed'
  | 'stop'
  | 'task_id'
  | 'priority'
  | 'deadline_ms'
  | 'determinism'
>;

/** What every dialect's parsed body carries: the same-named fields, `stream` and the client id. */
export interface OpenAiBodyCommon extends SameNamedFields {
  stream?: boolean | undefined;
  user?: string | undefined;
  safety_identifier?: string | undefined;
}

/** What one dialect converts its own way. */
export interface OpenAiDialectFields {
  /** The native fields the dialect names differently: `prompt` or `messages`, `max_tokens`, `response_format`. */
  task: Record<string, unknown>;
  /** Maps a native field path back to the client's field, for refusals. */
  paramOf: (nativeField: string) => string;
  /** Whether a stream ends with a usage chunk. */
  includeUsage: boolean;
}

/**
 * Turns a parsed OpenAI-compatible body into a native task request checked by the native rules: the fields
 * every dialect shares are carried over here, the dialect's own ones come converted in `dialect`.
 */
export function convertOpenAiBody(
  body: OpenAiBodyCommon,
  dialect: OpenAiDialectFields,
): ConvertedOpenAiRequest {
  const candidate = {
    model: body.model,
    temperature: body.temperature,
    top_p: body.top_p,
    top_k: body.top_k,
    min_p: body.min_p,
    seed: body.seed,
    stop: body.stop,
    task_id: body.task_id,
    priority: body.priority,
    deadline_ms: body.deadline_ms,
    determinism: body.determinism,
    ...dialect.task,
  };
  const converted: ConvertedOpenAiRequest = {
    task: validateConvertedRequest(candidate, dialect.paramOf),
    stream: body.stream === true,
    includeUsage: dialect.includeUsage,
    paramOf: dialect.paramOf,
  };
  const clientUser = body.user ?? body.safety_identifier;
  if (clientUser !== undefined) converted.clientUser = clientUser;
  return converted;
}
