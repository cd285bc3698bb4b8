/** What every error code means and how it reaches HTTP clients. */
export interface ErrorCodeInfo {
  /** HTTP status used when the error is answered before streaming starts. */
  status: number;
  /** Default for `retriable`: whether the same task may succeed when submitted again. */
  retriable: boolean;
  /** Where the error comes from: the client's request, the orchestrator, or an engine. */
  origin: 'client' | 'orchestrator' | 'engine';
  /** One sentence for the docs and for `--help`-style listings. */
  description: string;
}

/**
 * The error taxonomy shared by all adapters and the orchestrator. The compiler keeps this table complete:
 * adding a code without its status and meaning does not build.
 */
export const ERROR_CODES = {
  invalid_request: {
    status: 400,
    retriable: false,
    origin: 'client',
    description: 'The request body is malformed, has a field of the wrong type, or a value out of range.',
  },
  context_length_exceeded: {
    status: 400,
    retriable: false,
    origin: 'client',
    description: 'Prompt tokens plus max_tokens do not fit the context of any replica.',
  },
  capability_unsupported: {
    status: 400,
    retriable: false,
    origin: 'client',
    description:
      'The task asks for a feature the pool cannot provide (e.g. structured output, strict determinism).',
  },
  unauthorized: {
    status: 401,
    retriable: false,
    origin: 'client',
    description: 'The API key is missing or wrong.',
  },
  forbidden: {
    status: 403,
    retriable: false,
    origin: 'client',
    description:
      'The API key may not use this model, or the request came from a host or origin that is not allowed.',
  },
  unknown_model: {
    status: 404,
    retriable: false,
    origin: 'client',
    description: 'No pool serves the requested model.',
  },
  not_found: {
    status: 404,
    retriable: false,
    origin: 'client',
    description: 'No such route or method.',
  },
  task_not_found: {
    status: 404,
    retriable: false,
    origin: 'client',
    description: 'No running task has this id.',
  },
  duplicate_task_id: {
    status: 409,
    retriable: false,
    origin: 'client',
    description: 'A task with this id is already running.',
  },
  payload_too_large: {
    status: 413,
    retriable: false,
    origin: 'client',
    description: 'The request body exceeds the configured size limit.',
  },
  unsupported_media_type: {
    status: 415,
    retriable: false,
    origin: 'client',
    description: 'The request body is not JSON.',
  },
  queue_full: {
    status: 429,
    retriable: true,
    origin: 'orchestrator',
    description: 'The pool queue is full; retry after the advertised delay.',
  },
  too_many_streams: {
    status: 429,
    retriable: true,
    origin: 'orchestrator',
    description: 'The client already has the maximum number of open streams.',
  },
  rate_limited: {
    status: 429,
    retriable: true,
    origin: 'orchestrator',
    description:
      'The client used its requests or tokens per minute (server.rate_limits); retry after the advertised delay.',
  },
  cancelled: {
    status: 499,
    retriable: false,
    origin: 'client',
    description: 'The task was cancelled by the client or an operator.',
  },
  client_closed: {
    status: 499,
    retriable: false,
    origin: 'client',
    description:
      'The client closed its connection before its answer was complete (while sending the body, waiting or streaming); nothing more is sent, the code names it in logs and metrics.',
  },
  internal: {
    status: 500,
    retriable: false,
    origin: 'orchestrator',
    description: 'An unexpected orchestrator failure; the message says what happened.',
  },
  engine_error: {
    status: 502,
    retriable: true,
    origin: 'engine',
    description: 'The engine answered with a server error (5xx) or an error event.',
  },
  engine_rejected: {
    status: 422,
    retriable: false,
    origin: 'engine',
    description: 'The engine refused the request as invalid (4xx); retrying elsewhere will not help.',
  },
  engine_protocol_error: {
    status: 502,
    retriable: true,
    origin: 'engine',
    description: 'The engine sent something that does not follow its protocol (bad JSON, unexpected shape).',
  },
  stream_truncated: {
    status: 502,
    retriable: true,
    origin: 'engine',
    description: 'The engine closed the stream before its final event.',
  },
  failover_mismatch: {
    status: 502,
    retriable: true,
    origin: 'engine',
    description:
      'A strict task could not fail over: the next replica did not reproduce the tokens already delivered.',
  },
  engine_unavailable: {
    status: 503,
    retriable: true,
    origin: 'engine',
    description: 'The engine could not be reached (connection refused or reset) or is still loading.',
  },
  engine_overloaded: {
    status: 503,
    retriable: true,
    origin: 'engine',
    description: 'The engine refused the task because it is at capacity.',
  },
  too_many_connections: {
    status: 503,
    retriable: true,
    origin: 'orchestrator',
    description: 'The orchestrator holds its maximum of open connections (in all, or from this address).',
  },
  queue_timeout: {
    status: 503,
    retriable: true,
    origin: 'orchestrator',
    description: 'The task waited in the pool queue longer than the queue timeout.',
  },
  no_ready_replica: {
    status: 503,
    retriable: true,
    origin: 'orchestrator',
    description: 'No replica of the pool is ready to take the task.',
  },
  shutting_down: {
    status: 503,
    retriable: true,
    origin: 'orchestrator',
    description: 'The orchestrator is shutting down and admits no new tasks.',
  },
  cluster_unavailable: {
    status: 503,
    retriable: true,
    origin: 'orchestrator',
    description: "The fleet's shared state (Redis) is unreachable and the request needs it.",
  },
  ttft_timeout: {
    status: 504,
    retriable: true,
    origin: 'engine',
    description: 'No first token arrived within the pool time-to-first-token timeout.',
  },
  idle_timeout: {
    status: 504,
    retriable: true,
    origin: 'engine',
    description: 'The engine stalled: no bytes arrived within the inter-token idle timeout.',
  },
  deadline_exceeded: {
    status: 504,
    retriable: false,
    origin: 'orchestrator',
    description: "The task's deadline_ms elapsed before it finished.",
  },
} as const satisfies Record<string, ErrorCodeInfo>;

/** One of the stable error codes of {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** All error codes, in table order. */
export const ALL_ERROR_CODES = Object.keys(ERROR_CODES) as ErrorCode[];

/** True when `value` is one of the taxonomy's codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
