import { TaskError } from '@orch/adapter-api';
import type { ClientLimits } from '../scheduling/client-limits.js';
import { createLocalClientLimits } from '../scheduling/create-local-client-limits.js';
import { type RateLimits, rateLimitedError } from '../scheduling/minute-rate-limiter.js';
import type { ClusterKeys } from './cluster-keys.js';
import { type ClusterRedis, defineRedisScript } from './cluster-redis.js';
import { RedisUnavailableError } from './redis-unavailable-error.js';
import { RENEW } from './slot-lease-scripts.js';

/**
 * One step for a request: its stream lease (KEYS[1], ARGV limit, lease ms, member; limit 0: none) and its request
 * of the minute (KEYS[2] and KEYS[3] are the requests and tokens key prefixes; ARGV requests and tokens limits).
 * The minute is Redis's. Returns {0, 0} admitted, {1, open streams}, {2, ms to the next minute} over requests,
 * {3, ms} over tokens. Nothing is counted for a refused request.
 */
const ADMIT_CLIENT = defineRedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local minute = math.floor(now / 60000)
local left = 60000 - (now % 60000)
local max_streams = tonumber(ARGV[1])
if max_streams > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  local open = redis.call('ZCARD', KEYS[1])
  if open >= max_streams then return {1, open} end
end
local max_tokens = tonumber(ARGV[5])
if max_tokens > 0 then
  local used = tonumber(redis.call('GET', KEYS[3] .. ':' .. minute) or '0')
  if used >= max_tokens then return {3, left} end
end
local max_requests = tonumber(ARGV[4])
if max_requests > 0 then
  local key = KEYS[2] .. ':' .. minute
  local count = redis.call('INCR', key)
  redis.call('PEXPIRE', key, 120000)
  if count > max_requests then
    redis.call('DECR', key)
    return {2, left}
  end
end
if max_streams > 0 then redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3]) end
return {0, 0}
`);

/** Adds tokens to the client's minute. KEYS[1] tokens key prefix; ARGV tokens. */
const CHARGE_TOKENS = defineRedisScript(`
local t = redis.call('TIME')
local key = KEYS[1] .. ':' .. math.floor(tonumber(t[1]) / 60)
redis.call('INCRBY', key, tonumber(ARGV[1]))
redis.call('PEXPIRE', key, 120000)
return 1
`);

/**
 * Per-client limits for the whole fleet (ORCH-CLU-060, ORCH-CLU-061): open streams are leases in Redis (renewed
 * while the stream lives, so a dead instance's streams expire), requests and tokens are counted per calendar minute
 * atomically with the check. With Redis down, each instance applies the limits in process divided by the live
 * instances it knew (ORCH-CLU-050).
 */
export function createRedisClientLimits(settings: {
  redis: ClusterRedis;
  keys: ClusterKeys;
  instanceId: string;
  leaseMs: number;
  maxStreams: number;
  rateLimits: RateLimits | undefined;
  liveInstances: () => number;
}): ClientLimits {
  const { redis, keys, leaseMs, maxStreams } = settings;
  const rates = settings.rateLimits ?? { requests_per_minute: 0, tokens_per_minute: 0 };
  const fallback = createLocalClientLimits(maxStreams, settings.rateLimits, settings.liveInstances);
  /** Stream leases held here, by member: renewed together. */
  const held = new Map<string, string>();
  let sequence = 0;
  const renewTimer = setInterval(
    () => {
      if (held.size === 0) return;
      const members = [...held.keys()];
      redis
        .runScript(
          RENEW,
          members.map((member) => held.get(member) as string),
          [leaseMs, 'a'.repeat(members.length), ...members],
        )
        .catch(() => {});
    },
    Math.max(100, Math.floor(leaseMs / 3)),
  );
  renewTimer.unref();
  const limited = maxStreams > 0 || rates.requests_per_minute > 0 || rates.tokens_per_minute > 0;

  return {
    async admit(client) {
      if (!limited) return () => {};
      if (!redis.up) return fallback.admit(client);
      sequence += 1;
      const member = `${settings.instanceId}:${process.pid}:${sequence}`;
      const streamsKey = keys.clientStreams(client);
      let answer: [number, number];
      try {
        answer = (await redis.runScript(
          ADMIT_CLIENT,
          [streamsKey, keys.rateWindow('requests', client), keys.rateWindow('tokens', client)],
          [maxStreams, leaseMs, member, rates.requests_per_minute, rates.tokens_per_minute],
        )) as [number, number];
      } catch (error) {
        if (error instanceof RedisUnavailableError) return fallback.admit(client);
        throw error;
      }
      const [kind, value] = answer;
      if (kind === 1) {
        throw new TaskError(
          'too_many_streams',
          `This client already has ${value} open streams across the fleet (limit ${maxStreams}).`,
          { retryAfterMs: 1_000 },
        );
      }
      if (kind === 2) throw rateLimitedError('requests', rates.requests_per_minute, value);
      if (kind === 3) throw rateLimitedError('tokens', rates.tokens_per_minute, value);
      if (maxStreams === 0) return () => {};
      held.set(member, streamsKey);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.delete(member);
        // Redis down: the lease expires by itself within lease_ms.
        redis.call((connection) => connection.zrem(streamsKey, member)).catch(() => {});
      };
    },
    charge(client, tokens) {
      if (rates.tokens_per_minute === 0 || tokens <= 0) return;
      if (!redis.up) {
        fallback.charge(client, tokens);
        return;
      }
      redis
        .runScript(CHARGE_TOKENS, [keys.rateWindow('tokens', client)], [tokens])
        .catch(() => fallback.charge(client, tokens));
    },
  };
}
