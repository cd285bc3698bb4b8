import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type {
  EngineLogLine,
  EngineProcess,
  EngineStatus,
  EngineSupervisor,
  EngineSupervisorEvents,
} from '@orch/engine-supervisor';
import { portOfUrl } from '../config/port-of-url.js';
import { firstLineOfError } from '../engines/first-line-of-error.js';
import type { GatedEngineSupervisor, GatedReplica } from '../engines/launch-gate.js';
import type { Logger } from '../logging/logger.js';
import type { LaunchLease, LaunchLeaseRecord } from './launch-lease.js';

/** Settings of a {@link LeasedEngineSupervisor}. */
export interface LeasedEngineSettings {
  replica: GatedReplica;
  lease: LaunchLease;
  instanceId: string;
  leaseMs: number;
  /** How often a follower reads the lease, ms. */
  pollMs: number;
  logger: Logger;
}

type Role = 'none' | 'holder' | 'follower';

const FORWARDED_EVENTS = ['status', 'exit', 'ready', 'restart', 'restart-failed', 'gave-up'] as const;

/**
 * A managed replica's supervisor in a fleet (ORCH-CLU-070). `start()` takes the replica's launch lease in Redis and
 * launches the engine here, or, when another instance holds the lease, follows that instance's engine: status, URL
 * and pid come from the record the holder renews every third of `lease_ms`, and tasks go to that URL. The holder
 * keeps renewing while its engine is wanted (restarts included) and releases the lease when it stops it. A follower
 * of a persistent engine takes the lease over once the holder's lease is gone twice in a row a renewal apart (its
 * holder died or stopped); a follower of a lazy engine goes back to `stopped` then, and the next task starts it
 * again (taking the lease). With Redis unreachable nothing is launched anew, and a running engine keeps running.
 */
export class LeasedEngineSupervisor
  extends EventEmitter<EngineSupervisorEvents>
  implements GatedEngineSupervisor
{
  readonly #local: EngineSupervisor;
  readonly #settings: LeasedEngineSettings;
  readonly #token = randomUUID();
  #role: Role = 'none';
  /** Between `start()` and `stop()`: someone wants the engine to run. */
  #wanted = false;
  #remote: LaunchLeaseRecord | undefined;
  #followStatus: EngineStatus = 'stopped';
  #absentSince: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastRenewAt = 0;
  #ticking = false;
  #deciding: Promise<void> | undefined;
  /** The last renewal sent (renewals run one after another, and the release waits for them). */
  #renewing: Promise<void> = Promise.resolve();

  constructor(local: EngineSupervisor, settings: LeasedEngineSettings) {
    super();
    this.#local = local;
    this.#settings = settings;
    for (const name of FORWARDED_EVENTS) {
      local.on(name, (...args: unknown[]) => {
        if (this.#role !== 'follower') this.emit(name, ...(args as EngineSupervisorEvents[typeof name]));
      });
    }
    local.on('status', () => {
      if (this.#role === 'holder' && this.#wanted) void this.#renew();
    });
  }

  get engine(): EngineProcess {
    return this.#local.engine;
  }

  get name(): string {
    return this.#local.name;
  }

  get holder(): string | undefined {
    if (this.#role === 'holder') return this.#settings.instanceId;
    if (this.#role === 'follower') return this.#remote?.instance;
    return undefined;
  }

  get status(): EngineStatus {
    return this.#role === 'follower' ? this.#followStatus : this.#local.status;
  }

  get reason(): string | undefined {
    if (this.#role !== 'follower') return this.#local.reason;
    if (this.#followStatus === 'ready') return undefined;
    const remote = this.#remote;
    if (remote === undefined) return 'waiting for the launch lease';
    return `launched by instance ${remote.instance}: ${remote.reason ?? remote.status}`;
  }

  get url(): string | undefined {
    return this.#role === 'follower' ? this.#remote?.url : this.#local.url;
  }

  get pid(): number | undefined {
    return this.#role === 'follower' ? this.#remote?.pid : this.#local.pid;
  }

  get port(): number | undefined {
    if (this.#role !== 'follower') return this.#local.port;
    const url = this.#remote?.url;
    return url === undefined ? undefined : portOfUrl(new URL(url));
  }

  /** A follower serves through an engine it did not start, as a reused server. */
  get reused(): boolean {
    return this.#role === 'follower' || this.#local.reused;
  }

  get restarts(): number {
    return this.#local.restarts;
  }

  get lastStartDurationMs(): number | undefined {
    return this.#local.lastStartDurationMs;
  }

  get nextRestartAt(): number | undefined {
    return this.#role === 'follower' ? undefined : this.#local.nextRestartAt;
  }

  get gaveUp(): boolean {
    return this.#role === 'follower' ? this.#remote?.gave_up === true : this.#local.gaveUp;
  }

  get restarting(): boolean {
    return this.#role === 'follower' ? false : this.#local.restarting;
  }

  logTail(lines?: number): EngineLogLine[] {
    return this.#local.logTail(lines);
  }

  countFleetTasks(): Promise<number> {
    return this.#settings.lease.countFleetTasks();
  }

  /**
   * Launches the engine here (lease taken) or waits for the holder's engine to be ready. Rejects when Redis cannot
   * be asked (no launch without the lease) or when the local start fails (the lease is given back).
   */
  async start(): Promise<void> {
    this.#wanted = true;
    this.#watch();
    if (this.#role === 'none') {
      this.#deciding ??= this.#decide().finally(() => {
        this.#deciding = undefined;
      });
      await this.#deciding;
      if (!this.#wanted) return this.#abandonStart();
    }
    if (this.#role === 'holder') return this.#startHere();
    if (this.#role === 'follower') return this.#untilFollowedReady();
  }

  /** Stops the engine when it runs here (and gives the lease back); a follower only stops following. */
  async stop(): Promise<void> {
    this.#wanted = false;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    const role = this.#role;
    if (role === 'holder') {
      await this.#local.stop();
      this.#role = 'none';
      // A renewal still on its way would put the lease back after the release.
      await this.#renewing;
      await this.#settings.lease.release(this.#token).catch(() => {});
      return;
    }
    this.#setRole('none');
    await this.#local.stop();
  }

  /** Takes the lease or follows its holder. */
  async #decide(): Promise<void> {
    const lease = this.#settings.lease;
    if (await lease.claim(this.#record())) {
      this.#becomeHolder();
      return;
    }
    const record = await lease.read();
    if (record === undefined) throw new Error('the launch lease changed hands while it was taken; try again');
    this.#follow(record);
  }

  /** `stop()` came while the lease was being taken: give it back at once rather than launch an unwanted engine. */
  async #abandonStart(): Promise<void> {
    const role = this.#role;
    this.#setRole('none');
    if (role === 'holder') await this.#settings.lease.release(this.#token).catch(() => {});
    throw new Error('the engine was stopped while it was being started');
  }

  async #startHere(): Promise<void> {
    try {
      await this.#local.start();
    } catch (error) {
      // Another instance may launch it now; this one tries again only when asked to start (persistent: its retry).
      if (this.#role === 'holder') {
        this.#role = 'none';
        await this.#settings.lease.release(this.#token).catch(() => {});
      }
      throw error;
    }
  }

  #becomeHolder(): void {
    this.#absentSince = undefined;
    this.#remote = undefined;
    this.#settings.logger.info('launch lease taken: this instance launches the engine', {
      instance_id: this.#settings.instanceId,
    });
    this.#setRole('holder');
    this.#lastRenewAt = Date.now();
  }

  #follow(record: LaunchLeaseRecord): void {
    this.#absentSince = undefined;
    const first = this.#role !== 'follower' || this.#remote?.token !== record.token;
    this.#remote = record;
    if (first) {
      this.#settings.logger.info('launch lease held elsewhere: tasks go to its engine', {
        holder: record.instance,
        url: record.url,
      });
    }
    const previous = this.status;
    const next: EngineStatus = record.status === 'ready' ? 'ready' : record.gave_up ? 'crashed' : 'starting';
    this.#followStatus = next;
    if (this.#role !== 'follower') this.#role = 'follower';
    if (previous !== next || first) this.#emitStatus(previous);
  }

  /** Changes role and tells the listeners when that changes the visible status. */
  #setRole(role: Role): void {
    const previous = this.status;
    this.#role = role;
    if (this.status !== previous) this.#emitStatus(previous);
  }

  #emitStatus(previous: EngineStatus): void {
    this.emit('status', { status: this.status, previous, reason: this.reason });
  }

  #untilFollowedReady(): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.#role === 'holder' || this.status === 'ready') {
          this.off('status', check);
          if (this.#role === 'holder') this.#startHere().then(resolve, reject);
          else resolve();
        } else if (this.#role === 'none' && this.#wanted) {
          this.off('status', check);
          this.start().then(resolve, reject);
        } else if (!this.#wanted || this.gaveUp) {
          this.off('status', check);
          reject(new Error(this.reason ?? 'the engine is not running'));
        }
      };
      this.on('status', check);
      check();
    });
  }

  #record(): LaunchLeaseRecord {
    const local = this.#local;
    return {
      instance: this.#settings.instanceId,
      token: this.#token,
      url: local.url,
      status: local.status,
      pid: local.pid,
      reason: local.reason,
      gave_up: local.gaveUp,
    };
  }

  #watch(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.#tick(), this.#settings.pollMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#ticking || !this.#wanted) return;
    this.#ticking = true;
    try {
      if (this.#role === 'holder') {
        if (Date.now() - this.#lastRenewAt >= this.#settings.leaseMs / 3) await this.#renew();
      } else {
        // A follower watches its holder; an instance without a role (its takeover failed) looks for one again.
        await this.#watchHolder();
      }
    } finally {
      this.#ticking = false;
    }
  }

  /** Renews the lease with the engine's current state (one renewal at a time). */
  #renew(): Promise<void> {
    const next = this.#renewing
      .then(() => this.#renewOnce())
      .catch((error: unknown) => {
        this.#settings.logger.warn('launch lease renewal failed', {
          reason: firstLineOfError(error),
        });
      });
    this.#renewing = next;
    return next;
  }

  /** One renewal; a lease found taken by another instance means this one lost it. */
  async #renewOnce(): Promise<void> {
    if (this.#role !== 'holder' || !this.#wanted) return;
    this.#lastRenewAt = Date.now();
    let held: boolean;
    try {
      held = await this.#settings.lease.claim(this.#record());
    } catch {
      return; // Redis down: nobody can take the lease; the engine keeps running here
    }
    if (held || this.#role !== 'holder' || !this.#wanted) return;
    const record = await this.#settings.lease.read().catch(() => undefined);
    this.#settings.logger.warn('launch lease lost to another instance: stopping the engine here', {
      holder: record?.instance,
    });
    await this.#local.stop();
    if (record !== undefined && this.#wanted) this.#follow(record);
    else this.#setRole('none');
  }

  async #watchHolder(): Promise<void> {
    let record: LaunchLeaseRecord | undefined;
    try {
      record = await this.#settings.lease.read();
    } catch {
      return; // Redis down: keep sending tasks to the engine last seen
    }
    if (record !== undefined) {
      this.#follow(record);
      return;
    }
    // Gone twice a renewal apart: not a Redis that lost its keys (the holder re-adds its lease within a renewal).
    const now = Date.now();
    this.#absentSince ??= now;
    if (now - this.#absentSince < this.#settings.leaseMs / 3 + this.#settings.pollMs) return;
    this.#absentSince = undefined;
    if (this.#settings.replica.mode === 'lazy') {
      this.#remote = undefined;
      this.#setRole('none');
      return;
    }
    const taken = await this.#settings.lease.claim(this.#record()).catch(() => false);
    if (!taken) return;
    this.#becomeHolder();
    this.#startHere().catch((error: unknown) => {
      this.#settings.logger.warn('engine failed to start after taking the launch lease over', {
        reason: firstLineOfError(error),
      });
    });
  }
}
