import { TaskError } from '@orch/adapter-api';

/** Requests and tokens per minute; 0 means no limit. */
export interface RateLimits {
  requests_per_minute: number;
  tokens_per_minute: number;
}

const MINUTE_MS = 60_000;
/** Clients remembered before the windows of past minutes are swept. */
const SWEEP_AT = 10_000;

/** The refusal of a client over its limit; retry when its minute ends. */
export function rateLimitedError(
  kind: 'requests' | 'tokens',
  limit: number,
  retryAfterMs: number,
): TaskError {
  return new TaskError('rate_limited', `This client used its ${limit} ${kind} per minute.`, {
    retryAfterMs: Math.max(1, retryAfterMs),
  });
}

/**
 * Per-client requests and tokens per minute in process (ORCH-CLU-061), in fixed windows of a calendar minute: a
 * request is refused once the minute's requests reached the limit, or its tokens did (tokens are charged when a
 * task ends, so the tasks running at that moment may go over by their own tokens). `divisor` shares the limits
 * among the live instances while a fleet's Redis is down.
 */
export class MinuteRateLimiter {
  private readonly windows = new Map<string, { minute: number; requests: number; tokens: number }>();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
    private readonly divisor: () => number = () => 1,
  ) {}

  /** Counts one request of `client`, or throws `rate_limited` (a refused request is not counted). */
  take(client: string): void {
    const window = this.windowOf(client);
    const tokens = this.share(this.limits.tokens_per_minute);
    const requests = this.share(this.limits.requests_per_minute);
    const retryAfterMs = MINUTE_MS - (this.now() % MINUTE_MS);
    if (tokens > 0 && window.tokens >= tokens) throw rateLimitedError('tokens', tokens, retryAfterMs);
    if (requests > 0 && window.requests >= requests)
      throw rateLimitedError('requests', requests, retryAfterMs);
    window.requests += 1;
  }

  /** Adds a finished task's tokens to the client's minute. */
  charge(client: string, tokens: number): void {
    if (this.limits.tokens_per_minute > 0) this.windowOf(client).tokens += tokens;
  }

  private share(limit: number): number {
    return limit === 0 ? 0 : Math.max(1, Math.floor(limit / Math.max(1, this.divisor())));
  }

  private windowOf(client: string) {
    const minute = Math.floor(this.now() / MINUTE_MS);
    let window = this.windows.get(client);
    if (window === undefined || window.minute !== minute) {
      if (this.windows.size >= SWEEP_AT) this.sweep(minute);
      window = { minute, requests: 0, tokens: 0 };
      this.windows.set(client, window);
    }
    return window;
  }

  private sweep(minute: number): void {
    for (const [client, window] of this.windows) if (window.minute !== minute) this.windows.delete(client);
  }
}
