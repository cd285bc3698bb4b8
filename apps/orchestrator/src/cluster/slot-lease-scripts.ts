import { defineRedisScript } from './cluster-redis.js';

/**
 * Takes a slot lease or a place in the fleet-wide queue, atomically (ORCH-CLU-010, ORCH-CLU-011).
 * KEYS[1] the pool's waiters (sorted by priority, then arrival), KEYS[2] their expiries, KEYS[3..] one lease set
 * per replica (member: lease id, score: expiry). ARGV: lease ms, member, priority rank (0 interactive, 1 batch),
 * max waiting, then each replica's slots in KEYS order. Expired leases and waiters are dropped first, so a dead
 * instance's slots come back here. A waiter is granted when fewer waiters are ahead of it than slots are free.
 * Returns {1, replica index (1-based)} granted, {0, position} waiting, {2, 0} queue full.
 * Redis's own clock decides expiries, so the instances' clocks need not agree.
 */
export const ACQUIRE_SLOT = defineRedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expiry = now + tonumber(ARGV[1])
local member = ARGV[2]
local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, m in ipairs(stale) do redis.call('ZREM', KEYS[1], m) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local free = 0
local best = 0
local best_load = 2
for i = 3, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  local slots = tonumber(ARGV[i + 2])
  local used = redis.call('ZCARD', KEYS[i])
  if used < slots then
    free = free + slots - used
    local load = used / slots
    if load < best_load then
      best = i - 2
      best_load = load
    end
  end
end
local rank = redis.call('ZRANK', KEYS[1], member)
local ahead
if rank then
  ahead = rank
else
  ahead = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. (tonumber(ARGV[3]) * 1e13 + now))
end
if ahead < free then
  redis.call('ZREM', KEYS[1], member)
  redis.call('ZREM', KEYS[2], member)
  redis.call('ZADD', KEYS[best + 2], expiry, member)
  return {1, best}
end
if not rank then
  if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return {2, 0} end
  redis.call('ZADD', KEYS[1], tonumber(ARGV[3]) * 1e13 + now, member)
end
redis.call('ZADD', KEYS[2], expiry, member)
return {0, ahead + 1}
`);

/** Gives a lease back and wakes the instances waiting for the pool. KEYS[1] lease set; ARGV member, channel. */
export const RELEASE_SLOT = defineRedisScript(`
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('PUBLISH', ARGV[2], '1')
return 1
`);

/** Leaves the queue. KEYS[1] waiters, KEYS[2] expiries; ARGV member, channel (the next waiters may now fit). */
export const LEAVE_QUEUE = defineRedisScript(`
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[2], '1')
return 1
`);

/**
 * Renews leases (re-added when an outage let them expire: the task still runs) and waiters' expiries (only while
 * they still wait: a waiter granted meanwhile must not come back). KEYS: sorted sets; ARGV[1] lease ms, ARGV[2] one
 * letter per key (`a` add, `x` only if present), then one member per key.
 */
export const RENEW = defineRedisScript(`
local t = redis.call('TIME')
local expiry = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
for i = 1, #KEYS do
  if string.sub(ARGV[2], i, i) == 'x' then
    redis.call('ZADD', KEYS[i], 'XX', expiry, ARGV[i + 2])
  else
    redis.call('ZADD', KEYS[i], expiry, ARGV[i + 2])
  end
end
return #KEYS
`);
