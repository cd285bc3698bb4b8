import { z } from 'zod';

/**
 * Fault knobs, with the same names for every engine. Each engine renders a fault in its own native way (error
 * body, status, event); the README's table says how. Set them at start (`options.faults`), at run time
 * (`engine.setFaults`), from the CLI (`--faults JSON`) or over HTTP (`PUT /__fake/faults`).
 */
export interface FaultSettings {
  /** Close the listening socket and every open connection, so new connections are refused. Server-wide. */
  refuse?: boolean;
  /** Wait this long before sending response headers of an inference request. */
  stallBeforeHeadersMs?: number;
  /** Stall the token stream once this many tokens have been produced (0 = before the first token). */
  stallAfterTokens?: number;
  /** How long the stall set by `stallAfterTokens` lasts. */
  stallMs?: number;
  /** Destroy the TCP connection once this many tokens have been produced, with no final event. */
  dropAfterTokens?: number;
  /** Send the engine's native error (in-stream event, or error response when not streaming) after N tokens. */
  errorAfterTokens?: number;
  /** Message for `errorAfterTokens`; each engine has a realistic default. */
  errorMessage?: string;
  /** Answer inference requests with this HTTP status and the engine's native error body, before streaming. */
  httpStatus?: number;
  /** Message for `httpStatus`; each engine has a realistic default per status. */
  failMessage?: string;
  /** Behave as a loading engine for this many ms from when it is set (refused port, 503, 400 or a slow first
   * request, per engine). Server-wide. */
  loadingForMs?: number;
  /** Pace tokens at this rate per stream; 0 or absent means as fast as possible. */
  tokensPerSecond?: number;
  /** Write every event that holds a multi-byte character in two TCP writes, split inside the character. */
  splitMultibyte?: boolean;
  /** Add extra empty-text events where the engine can produce them (vLLM `text:""`, llama.cpp `content:""`…). */
  emptyTextEvents?: boolean;
  /** Write an SSE comment (`:`) whenever the stream has been idle this long. Ignored by NDJSON (Ollama). */
  keepAliveEveryMs?: number;
  /** Report unhealthy on the health route (vLLM 503, TGI 503 healthcheck, Triton 400, llama.cpp 503…). Server-wide. */
  unhealthy?: boolean;
  /** Apply these knobs only to the next N inference requests, then fall back to the standing faults. */
  forRequests?: number;
}

/** Knobs that act on the whole server, not on one request, so they cannot be scoped with `forRequests`. */
export const SERVER_WIDE_FAULTS = ['refuse', 'loadingForMs', 'unhealthy'] as const;

const count = z.number().int().nonnegative();
const duration = z.number().nonnegative().finite();

/** Validates fault settings from untrusted input (CLI, control route). Unknown knobs are rejected. */
export const faultSettingsSchema = z
  .strictObject({
    refuse: z.boolean().optional(),
    stallBeforeHeadersMs: duration.optional(),
    stallAfterTokens: count.optional(),
    stallMs: duration.optional(),
    dropAfterTokens: count.optional(),
    errorAfterTokens: count.optional(),
    errorMessage: z.string().optional(),
    httpStatus: z.number().int().min(400).max(599).optional(),
    failMessage: z.string().optional(),
    loadingForMs: duration.optional(),
    tokensPerSecond: z.number().nonnegative().finite().optional(),
    splitMultibyte: z.boolean().optional(),
    emptyTextEvents: z.boolean().optional(),
    keepAliveEveryMs: z.number().positive().finite().optional(),
    unhealthy: z.boolean().optional(),
    forRequests: z.number().int().positive().optional(),
  })
  .refine(
    (faults) =>
      faults.forRequests === undefined || SERVER_WIDE_FAULTS.every((key) => faults[key] === undefined),
    {
      message: `${SERVER_WIDE_FAULTS.join(', ')} act on the whole server and cannot be scoped with forRequests`,
    },
  );

/** Parses fault settings, throwing an Error whose message lists every problem. */
export function parseFaultSettings(input: unknown): FaultSettings {
  const result = faultSettingsSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : 'faults';
      return `${where}: ${issue.message}`;
    });
    throw new Error(`invalid faults: ${problems.join('; ')}`);
  }
  return result.data;
}
