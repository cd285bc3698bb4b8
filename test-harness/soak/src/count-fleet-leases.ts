import type { Redis } from 'ioredis';
import { FLEET_KEY_PREFIX, FLEET_POOL, FLEET_REPLICA } from './fleet-soak-config.js';

/** The fleet's shared in-flight count: live slot leases and queue places of the soak's pool, by Redis's clock. */
export interface FleetLeaseCount {
  slots: number;
  waiters: number;
}

const POOL_KEY = `${FLEET_KEY_PREFIX}:pool:${FLEET_POOL}`;
const SLOT_LEASES_KEY = `${POOL_KEY}:leases:${FLEET_REPLICA}`;

/** Redis's clock in ms: leases expire by it, not by this process's clock. */
async function readRedisNow(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

/** The instance ids that hold a live slot lease now (a lease's member starts with its instance id and a colon). */
export async function listLeaseHolders(redis: Redis): Promise<string[]> {
  const members = await redis.zrangebyscore(SLOT_LEASES_KEY, await readRedisNow(redis), '+inf');
  return members.map((member) => member.slice(0, member.indexOf(':')));
}

/** Counts the unexpired slot leases and queue places in Redis (what a dead instance leaves until they expire). */
export async function countFleetLeases(redis: Redis): Promise<FleetLeaseCount> {
  const now = await readRedisNow(redis);
  const [slots, waiters] = await Promise.all([
    redis.zcount(SLOT_LEASES_KEY, now, '+inf'),
    redis.zcount(`${POOL_KEY}:waiter-expiry`, now, '+inf'),
  ]);
  return { slots, waiters };
}
