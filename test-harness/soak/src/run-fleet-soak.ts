import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { findFreePort } from '@orch/engine-supervisor';
import { type RedisServerFixture, startRedisServer } from '@orch/engine-testkit';
import { type FakeEngine, startFakeEngine } from '@orch/fake-engines';
import type { Redis } from 'ioredis';
import { countFleetLeases, listLeaseHolders } from './count-fleet-leases.js';
import { type FleetMember, startFleetMember } from './fleet-member.js';
import { FLEET_POOL, type FleetEngine, writeFleetMemberConfig } from './fleet-soak-config.js';
import { sendSoakRequest, TRAFFIC_KINDS, type TrafficOutcome } from './soak-traffic.js';
import { waitForNoTaskInFlight } from './wait-for-no-task-in-flight.js';
import { waitForReplicaReady } from './wait-for-replica-ready.js';
import { watchEngineProcesses } from './watch-engine-processes.js';

/** Settings of {@link runFleetSoak}. */
export interface FleetSoakOptions {
  durationMs: number;
  /** Orchestrator instances sharing the replica. */
  instances: number;
  /** Clients sending requests at once (spread over the live instances). */
  concurrency: number;
  /** The replica's `max_concurrency`, fleet-wide. */
  maxConcurrency: number;
  /** `cluster.lease_ms`: how long a killed instance's leases outlive it. */
  leaseMs: number;
  /** Time between two SIGKILLs of an instance, ms. */
  killEveryMs: number;
  /** How long a killed instance stays down before it is started again (same instance id), ms. */
  restartAfterMs: number;
  /** The replica is a managed engine (`launch`) that the fleet launches through its launch lease (ORCH-CLU-070). */
  managed?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** What a fleet soak found. */
export interface FleetSoakReport {
  durationMs: number;
  instances: number;
  requests: number;
  kills: number;
  restarts: number;
  endings: Record<string, number>;
  /** Streams read to their end on instances that lived through them. */
  streamsRead: number;
  /** Of those, the ones without a terminal event (must be 0). */
  streamsWithoutTerminal: number;
  missingExamples: string[];
  /** Requests in progress on an instance when it was killed (their streams are cut, not counted above). */
  cutByKill: number;
  /** The engine's most concurrent generations, against the fleet-wide `max_concurrency` (not measured: managed). */
  peakEngineConcurrency: number | undefined;
  /**
   * Time the engine ran more generations than `maxConcurrency`, sampled every 5 ms: a stream its client left ends at
   * the orchestrator (its lease given back) a moment before the engine notices the closed connection.
   */
  overLimitMs: number;
  /** The most slot leases live in Redis at once (sampled every 20 ms): the fleet-wide limit itself. */
  peakLeases: number;
  maxConcurrency: number;
  leaseMs: number;
  /** Slot leases and queue places in Redis when the traffic stopped. */
  leasesAtStop: number;
  /** Time from the end of the traffic until Redis held no lease, ms (undefined: never within twice `leaseMs`). */
  leaseDrainMs: number | undefined;
  /** Leases left once the drain wait ended (must be 0). */
  leasesAfter: number;
  /** Tasks in flight on the surviving instances after the traffic (must be 0). */
  inFlightAfter: number;
  /** Managed engine only: the most engine processes alive at once (must be 1) and how many were launched. */
  engineProcesses?: { peak: number; launches: number };
}

export const CI_FLEET_SOAK: FleetSoakOptions = {
  durationMs: 30_000,
  instances: 3,
  concurrency: 8,
  maxConcurrency: 3,
  leaseMs: 2_000,
  killEveryMs: 5_000,
  restartAfterMs: 1_500,
};
export const DEFAULT_FLEET_SOAK: FleetSoakOptions = {
  durationMs: 180_000,
  instances: 3,
  concurrency: 12,
  maxConcurrency: 3,
  leaseMs: 2_000,
  killEveryMs: 10_000,
  restartAfterMs: 3_000,
};

const PEAK_SAMPLE_MS = 5;
const LEASE_SAMPLE_MS = 20;
const PROCESS_SAMPLE_MS = 20;
/** How long before the end of the traffic the last kill comes, ms. */
const FINAL_KILL_LEAD_MS = 500;

/** One instance slot of the fleet: its member while it runs, and a count of its lives (bumped at every kill). */
interface Seat {
  instanceId: string;
  configPath: string;
  member: FleetMember | undefined;
  life: number;
}

/**
 * Runs a real redis-server, one fake vLLM engine (in this process, or with `managed` an engine process that the fleet
 * launches through its launch lease) and `instances` orchestrator processes sharing it through Redis,
 * sends mixed traffic to the live instances while one is SIGKILLed every `killEveryMs` and started again after
 * `restartAfterMs`, then checks that the shared in-flight count (the slot leases in Redis) returns to 0 within the
 * lease expiry (specs/cluster.md ORCH-CLU-090, ORCH-CLU-091).
 */
export async function runFleetSoak(options: FleetSoakOptions): Promise<FleetSoakReport> {
  const log = options.log ?? (() => {});
  let redis: RedisServerFixture | undefined;
  let engine: FakeEngine | undefined;
  const seats: Seat[] = [];
  let stopProcessWatch = () => {};
  try {
    const liveRedis = await startRedisServer();
    redis = liveRedis;
    const marker = `fleet-soak-engine-${randomUUID().slice(0, 8)}`;
    const liveEngine = options.managed
      ? undefined
      : await startFakeEngine('vllm', { model: FLEET_POOL, tokensPerSecond: 400, eosAfterTokens: 0 });
    engine = liveEngine;
    const where: FleetEngine =
      liveEngine === undefined ? { port: await findFreePort(), marker } : { url: liveEngine.url };
    for (let index = 0; index < options.instances; index += 1) {
      const instanceId = `soak-${String.fromCharCode(97 + index)}`;
      const configPath = writeFleetMemberConfig({
        redisUrl: redis.url,
        instanceId,
        engine: where,
        maxConcurrency: options.maxConcurrency,
        leaseMs: options.leaseMs,
      });
      seats.push({ instanceId, configPath, member: undefined, life: 0 });
    }
    await Promise.all(
      seats.map(async (seat) => {
        seat.member = await startFleetMember(seat.instanceId, seat.configPath);
      }),
    );
    const processes = options.managed ? watchEngineProcesses(marker, PROCESS_SAMPLE_MS) : undefined;
    stopProcessWatch = () => processes?.stop();
    for (const seat of seats) await waitForReplicaReady(seat.member?.url as string, 60_000);
    log(
      `fleet soak: ${options.instances} instances, ${options.durationMs} ms, ${options.concurrency} clients`,
    );
    const began = Date.now();
    const deadline = began + options.durationMs;
    let peak = 0;
    let overLimitSamples = 0;
    const peakTimer = setInterval(() => {
      const active = liveEngine?.stats.activeGenerations ?? 0;
      peak = Math.max(peak, active);
      if (active > options.maxConcurrency) overLimitSamples += 1;
    }, PEAK_SAMPLE_MS);
    let peakLeases = 0;
    const leaseWatch = (async () => {
      while (Date.now() < deadline) {
        const count = await countFleetLeases(liveRedis.client);
        peakLeases = Math.max(peakLeases, count.slots);
        await delay(LEASE_SAMPLE_MS);
      }
    })();
    const kills = { kills: 0, restarts: 0 };
    const killer = killAndRestart(liveRedis.client, seats, options, deadline, kills, log);
    const outcomes: { outcome: TrafficOutcome; cut: boolean }[] = [];
    const client = async (index: number) => {
      for (let turn = index; Date.now() < deadline; turn += 1) {
        const live = seats.filter((seat) => seat.member !== undefined);
        const seat = live[turn % live.length];
        if (seat?.member === undefined) {
          await delay(50);
          continue;
        }
        const life = seat.life;
        const kind = TRAFFIC_KINDS[turn % TRAFFIC_KINDS.length] ?? 'native';
        const outcome = await sendSoakRequest(seat.member.url, [FLEET_POOL], kind);
        outcomes.push({ outcome, cut: seat.life !== life });
      }
    };
    const drain = watchLeaseDrain(liveRedis.client, deadline, options.leaseMs);
    await Promise.all(Array.from({ length: options.concurrency }, (_, index) => client(index)));
    clearInterval(peakTimer);
    const { atStop, leaseDrainMs, after } = await drain;
    await Promise.all([killer, leaseWatch]);
    const survivors = seats.flatMap((seat) => (seat.member === undefined ? [] : [seat.member]));
    const inFlight = await Promise.all(survivors.map((member) => waitForNoTaskInFlight(member.url, 5_000)));
    processes?.stop();
    return summarize(options, outcomes, {
      ...kills,
      peak: liveEngine === undefined ? undefined : peak,
      ...(processes === undefined
        ? {}
        : { engineProcesses: { peak: processes.peak, launches: processes.launches } }),
      overLimitMs: overLimitSamples * PEAK_SAMPLE_MS,
      peakLeases,
      leasesAtStop: atStop.slots + atStop.waiters,
      leaseDrainMs,
      leasesAfter: after.slots + after.waiters,
      inFlightAfter: inFlight.reduce((sum, count) => sum + count, 0),
    });
  } finally {
    stopProcessWatch();
    await Promise.all(seats.map((seat) => seat.member?.stop()));
    await engine?.close();
    await redis?.stop();
  }
}

/**
 * From the end of the traffic (no new request after `deadline`), waits until Redis holds no slot lease or queue
 * place, for at most twice the lease expiry: the count then, the time it took, and what was left.
 */
async function watchLeaseDrain(redis: Redis, deadline: number, leaseMs: number) {
  await delay(Math.max(0, deadline - Date.now()));
  const stoppedAt = Date.now();
  const atStop = await countFleetLeases(redis);
  let after = atStop;
  let leaseDrainMs: number | undefined;
  while (Date.now() - stoppedAt < 2 * leaseMs) {
    after = await countFleetLeases(redis);
    if (after.slots + after.waiters === 0) {
      leaseDrainMs = Date.now() - stoppedAt;
      break;
    }
    await delay(50);
  }
  return { atStop, leaseDrainMs, after };
}

/** Kills one live instance (in turn) every `killEveryMs` until the deadline, and starts it again later. */
async function killAndRestart(
  redis: Redis,
  seats: Seat[],
  options: FleetSoakOptions,
  deadline: number,
  counts: { kills: number; restarts: number },
  log: (line: string) => void,
): Promise<void> {
  const restarts: Promise<void>[] = [];
  for (let turn = 0; Date.now() + options.killEveryMs < deadline; turn += 1) {
    await delay(options.killEveryMs);
    const seat = seats[turn % seats.length];
    if (seat?.member === undefined) continue;
    killSeat(seat, counts);
    log(`fleet soak: SIGKILL ${seat.instanceId}`);
    restarts.push(
      delay(options.restartAfterMs).then(async () => {
        seat.member = await startFleetMember(seat.instanceId, seat.configPath);
        counts.restarts += 1;
        log(`fleet soak: ${seat.instanceId} started again`);
      }),
    );
  }
  // One more kill just before the traffic ends, of an instance holding a slot: its lease is still in Redis when the
  // traffic stops.
  await delay(Math.max(0, deadline - FINAL_KILL_LEAD_MS - Date.now()));
  let last: Seat | undefined;
  while (last === undefined && Date.now() < deadline) {
    const holders = await listLeaseHolders(redis);
    last = seats.find((seat) => seat.member !== undefined && holders.includes(seat.instanceId));
    if (last === undefined) await delay(10);
  }
  if (last?.member !== undefined) {
    killSeat(last, counts);
    log(`fleet soak: SIGKILL ${last.instanceId} (last, not restarted)`);
  }
  await Promise.all(restarts);
}

/** SIGKILLs the seat's member: its requests in progress count as cut (its life changes), its leases are left to expire. */
function killSeat(seat: Seat, counts: { kills: number }): void {
  seat.member?.kill();
  seat.member = undefined;
  seat.life += 1;
  counts.kills += 1;
}

function summarize(
  options: FleetSoakOptions,
  outcomes: { outcome: TrafficOutcome; cut: boolean }[],
  measured: {
    kills: number;
    restarts: number;
    peak: number | undefined;
    engineProcesses?: { peak: number; launches: number };
    overLimitMs: number;
    peakLeases: number;
    leasesAtStop: number;
    leaseDrainMs: number | undefined;
    leasesAfter: number;
    inFlightAfter: number;
  },
): FleetSoakReport {
  const endings: Record<string, number> = {};
  for (const { outcome, cut } of outcomes) {
    const key = cut ? 'cut_by_kill' : `${outcome.shape}:${outcome.ending.split(':')[0]}`;
    endings[key] = (endings[key] ?? 0) + 1;
  }
  const read = outcomes.filter(({ outcome, cut }) => !cut && outcome.shape === 'stream');
  const missing = read.filter(({ outcome }) => !outcome.terminal);
  return {
    durationMs: options.durationMs,
    instances: options.instances,
    requests: outcomes.length,
    kills: measured.kills,
    restarts: measured.restarts,
    endings,
    streamsRead: read.length,
    streamsWithoutTerminal: missing.length,
    missingExamples: missing.slice(0, 5).map(({ outcome }) => `${outcome.kind}: ${outcome.ending}`),
    cutByKill: outcomes.filter(({ cut }) => cut).length,
    peakEngineConcurrency: measured.peak,
    overLimitMs: measured.overLimitMs,
    peakLeases: measured.peakLeases,
    maxConcurrency: options.maxConcurrency,
    leaseMs: options.leaseMs,
    leasesAtStop: measured.leasesAtStop,
    leaseDrainMs: measured.leaseDrainMs,
    leasesAfter: measured.leasesAfter,
    inFlightAfter: measured.inFlightAfter,
    ...(measured.engineProcesses === undefined ? {} : { engineProcesses: measured.engineProcesses }),
  };
}
