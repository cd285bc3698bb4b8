import { defineRedisScript } from './cluster-redis.js';

/**
 * Takes or renews a replica's launch lease (ORCH-CLU-070): sets KEYS[1] to ARGV[2] for ARGV[3] ms when the key is
 * absent or holds this holder's token (ARGV[1]); leaves another holder's lease alone. Returns 1 held, 0 taken by
 * another. A value that is not a lease record counts as another holder's (it expires by itself).
 */
export const CLAIM_LAUNCH_LEASE = defineRedisScript(`
local current = redis.call('GET', KEYS[1])
if current then
  local ok, record = pcall(cjson.decode, current)
  if not ok or type(record) ~= 'table' or record.token ~= ARGV[1] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', tonumber(ARGV[3]))
return 1
`);

/** Gives a launch lease back when it is still this holder's (KEYS[1] lease, ARGV[1] token). Returns 1 if deleted. */
export const RELEASE_LAUNCH_LEASE = defineRedisScript(`
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local ok, record = pcall(cjson.decode, current)
if ok and type(record) == 'table' and record.token == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`);

/** Counts a replica's live slot leases fleet-wide (KEYS[1] the lease set; expired ones are dropped first). */
export const COUNT_SLOT_LEASES = defineRedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])
`);
