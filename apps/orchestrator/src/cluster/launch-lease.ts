import type { EngineStatus } from '@orch/engine-supervisor';
import type { ClusterRedis } from './cluster-redis.js';
import { CLAIM_LAUNCH_LEASE, COUNT_SLOT_LEASES, RELEASE_LAUNCH_LEASE } from './launch-lease-scripts.js';

/** What the holder of a replica's launch lease publishes about the engine it launched. */
export interface LaunchLeaseRecord {
  /** The holder's instance id. */
  instance: string;
  /** Names this holder's lease (an instance restarted under the same id is another holder). */
  token: string;
  /** The engine's base URL, once its port is known: the other instances send their tasks there. */
  url: string | undefined;
  status: EngineStatus;
  pid: number | undefined;
  reason: string | undefined;
  gave_up: boolean;
}

/** One replica's launch lease in Redis (a string key with an expiry); every call may reject when Redis is down. */
export interface LaunchLease {
  /** Takes the lease, or renews it when already held with `record.token`: false when another holder has it. */
  claim(record: LaunchLeaseRecord): Promise<boolean>;
  /** Deletes the lease when `token` still holds it. */
  release(token: string): Promise<void>;
  /** The current holder's record, or undefined when nobody holds the lease. */
  read(): Promise<LaunchLeaseRecord | undefined>;
  /** Tasks streaming on the replica fleet-wide (its slot leases). */
  countFleetTasks(): Promise<number>;
}

/** The launch lease of one replica; `leaseMs` is its lifetime without renewal. */
export function createLaunchLease(settings: {
  redis: ClusterRedis;
  key: string;
  slotLeasesKey: string;
  leaseMs: number;
}): LaunchLease {
  const { redis, key, leaseMs } = settings;
  return {
    async claim(record) {
      const held = await redis.runScript(
        CLAIM_LAUNCH_LEASE,
        [key],
        [record.token, JSON.stringify(record), leaseMs],
      );
      return held === 1;
    },
    async release(token) {
      await redis.runScript(RELEASE_LAUNCH_LEASE, [key], [token]);
    },
    async read() {
      const value = await redis.call((client) => client.get(key));
      return value === null ? undefined : parseRecord(value);
    },
    async countFleetTasks() {
      return Number(await redis.runScript(COUNT_SLOT_LEASES, [settings.slotLeasesKey], []));
    },
  };
}

const STATUSES: readonly string[] = ['stopped', 'starting', 'ready', 'stopping', 'crashed'];

/** A record read back from Redis; a value that is not one reads as a holder launching (it expires by itself). */
function parseRecord(value: string): LaunchLeaseRecord {
  let parsed: Partial<Record<keyof LaunchLeaseRecord, unknown>> = {};
  try {
    parsed = JSON.parse(value) as typeof parsed;
  } catch {
    // kept empty: an unknown holder
  }
  const text = (field: unknown) => (typeof field === 'string' ? field : undefined);
  const status = text(parsed.status);
  return {
    instance: text(parsed.instance) ?? 'unknown',
    token: text(parsed.token) ?? '',
    url: text(parsed.url),
    status: status !== undefined && STATUSES.includes(status) ? (status as EngineStatus) : 'starting',
    pid: typeof parsed.pid === 'number' ? parsed.pid : undefined,
    reason: text(parsed.reason),
    gave_up: parsed.gave_up === true,
  };
}
