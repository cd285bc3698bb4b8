import type { Redis } from 'ioredis';
import { FLEET_KEY_PREFIX, FLEET_POOL, FLEET_REPLICA } from './fleet-soak-config.js';

/** The fleet's shared in-flight count: live slot leases and queue places of the soak's pool, by Redis's clock. */
export interface FleetLeaseCount {
  slots: number;
  waiters: number;
}

/** The instance ids that hold a live slot lease now (a lease's member starts with its instance id and a colon). */
export async function listLeaseHolders(redis: Redis): Promise<string[]> {
  const [seconds, micros] = await redis.time();
  const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  const key = `${FLEET_KEY_PREFIX}:pool:${FLEET_POOL}:leases:${FLEET_REPLICA}`;
  const members = await redis.zrangebyscore(key, now, '+inf');
  return members.map((member) => member.slice(0, member.indexOf(':')));
}

/** Counts the unexpired slot leases and queue places in Redis (what a dead instance leaves until they expire). */
export async function countFleetLeases(redis: Redis): Promise<FleetLeaseCount> {
  const [seconds, micros] = await redis.time();
  const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  const pool = `${FLEET_KEY_PREFIX}:pool:${FLEET_POOL}`;
  const [slots, waiters] = await Promise.all([
    redis.zcount(`${pool}:leases:${FLEET_REPLICA}`, now, '+inf'),
    redis.zcount(`${pool}:waiter-expiry`, now, '+inf'),
  ]);
  return { slots, waiters };
}
