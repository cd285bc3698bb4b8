import { defineRedisScript } from './cluster-redis.js';

/**
 * Takes or renews task records (ORCH-CLU-020, ORCH-CLU-025): sets each of KEYS (a task's owner record) to ARGV[1]
 * (this instance's id) for ARGV[2] ms when it is absent or already this instance's; leaves another instance's
 * record alone. Returns one entry per key, in order: 1 held, 0 held by another instance (its owner runs the id
 * there). A record this instance left behind before a restart under the same id is its own again.
 */
export const CLAIM_TASK_RECORDS = defineRedisScript(`
local held = {}
for i = 1, #KEYS do
  local current = redis.call('GET', KEYS[i])
  if current and current ~= ARGV[1] then
    held[i] = 0
  else
    redis.call('SET', KEYS[i], ARGV[1], 'PX', tonumber(ARGV[2]))
    held[i] = 1
  end
end
return held
`);

/**
 * Gives a task record back with its cancel marker, only when it is this instance's: a task refused as a
 * duplicate must not delete the record of the one that runs. KEYS[1] record, KEYS[2] marker, ARGV[1] instance id.
 */
export const RELEASE_TASK_RECORD = defineRedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[2])
  return 1
end
return 0
`);
