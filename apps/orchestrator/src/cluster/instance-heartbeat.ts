import type { ClusterKeys } from './cluster-keys.js';
import { type ClusterRedis, defineRedisScript } from './cluster-redis.js';

/** One live instance of the fleet, as it describes itself in its heartbeat. */
export interface InstanceInfo {
  instance_id: string;
  host: string;
  pid: number;
  url?: string;
  started_at: string;
}

/**
 * Publishes this instance and reads the live ones in one step. KEYS[1] hash of descriptions, KEYS[2] expiries;
 * ARGV lease ms, instance id, its description ('' to leave). Returns the live descriptions.
 */
const BEAT = defineRedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, id in ipairs(dead) do redis.call('HDEL', KEYS[1], id) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if ARGV[3] == '' then
  redis.call('ZREM', KEYS[2], ARGV[2])
  redis.call('HDEL', KEYS[1], ARGV[2])
else
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), ARGV[2])
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
end
return redis.call('HVALS', KEYS[1])
`);

/** This instance's heartbeat and the fleet it sees (ORCH-CLU-040). */
export interface InstanceHeartbeat {
  /** The live instances at the last beat (this one alone until the first answer, or while Redis is down). */
  readonly instances: readonly InstanceInfo[];
  /** Sets the address this instance listens on (known once it listens). */
  setUrl(url: string): void;
  /** Stops beating and removes this instance from the fleet (best effort). */
  stop(): Promise<void>;
}

/** Starts beating every third of the lease: an instance that stops is gone from every list within `leaseMs`. */
export function startInstanceHeartbeat(settings: {
  redis: ClusterRedis;
  keys: ClusterKeys;
  self: InstanceInfo;
  leaseMs: number;
}): InstanceHeartbeat {
  const { redis, keys, leaseMs } = settings;
  const self = { ...settings.self };
  let instances: readonly InstanceInfo[] = [self];
  const beat = async (description: string) => {
    const values = (await redis.runScript(
      BEAT,
      [keys.instances, keys.instanceExpiry],
      [leaseMs, self.instance_id, description],
    )) as string[];
    return values.flatMap((value) => {
      try {
        return [JSON.parse(value) as InstanceInfo];
      } catch {
        return [];
      }
    });
  };
  const tick = () => {
    beat(JSON.stringify(self)).then(
      (live) => {
        instances = live.sort((a, b) => a.instance_id.localeCompare(b.instance_id));
      },
      () => {},
    );
  };
  const timer = setInterval(tick, Math.max(100, Math.floor(leaseMs / 3)));
  timer.unref();
  tick();
  return {
    get instances() {
      return instances;
    },
    setUrl(url) {
      self.url = url;
      tick();
    },
    async stop() {
      clearInterval(timer);
      await beat('').catch(() => {});
    },
  };
}
