import type { ClientLimits } from './client-limits.js';
import { ClientStreamLimiter } from './client-stream-limiter.js';
import { MinuteRateLimiter, type RateLimits } from './minute-rate-limiter.js';

/** The per-client limits of one instance, in process; `divisor` shares them among live instances (fallback). */
export function createLocalClientLimits(
  maxStreams: number,
  rateLimits: RateLimits | undefined,
  divisor: () => number = () => 1,
): ClientLimits {
  const streams = new ClientStreamLimiter(maxStreams, divisor);
  const rates = rateLimits === undefined ? undefined : new MinuteRateLimiter(rateLimits, Date.now, divisor);
  return {
    admit(client) {
      const release = streams.acquire(client);
      try {
        rates?.take(client);
      } catch (error) {
        release();
        throw error;
      }
      return release;
    },
    charge(client, tokens) {
      rates?.charge(client, tokens);
    },
  };
}
