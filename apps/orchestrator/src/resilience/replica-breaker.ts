import type { TaskError } from '@orch/adapter-api';
import { countsAgainstReplica } from './counts-against-replica.js';
import { OutcomeWindow } from './outcome-window.js';

/** Breaker settings of a pool (see the config's `breaker` section). */
export interface BreakerSettings {
  error_threshold_percentage: number;
  volume_threshold: number;
  reset_timeout_ms: number;
  rolling_window_ms: number;
}

/** The states shown in `/v1/replicas` and as `orch_replica_breaker_state` (0, 1, 2). */
export type BreakerState = 'closed' | 'half_open' | 'open';

/**
 * One circuit breaker per replica. Attempts are streams that may last minutes (a TTFT timeout is 60 s by
 * default), so an attempt is judged only when it ends: its outcome enters the rolling window at that moment,
 * never its start (counting the start and the failure apart let a slow failure's start leave the window before
 * its failure arrived, so a replica that only ever timed out stayed closed). Two rules open the breaker:
 * - the failure percentage of the outcomes that ended in the last `rolling_window_ms` reaches
 *   `error_threshold_percentage`, once at least `volume_threshold` outcomes are in the window;
 * - `volume_threshold` counted failures in a row (at least one), however far apart: a replica whose attempts all
 *   fail opens its breaker whatever the attempts' duration and the traffic.
 * Only failures that {@link countsAgainstReplica} count; other outcomes (cancels, deadlines, client errors) are
 * neither failures nor successes.
 */
export class ReplicaBreaker {
  private current: BreakerState = 'closed';
  private openedAtMs: number | undefined;
  private halfOpenAtMs: number | undefined;
  private readonly window: OutcomeWindow;
  private consecutiveFailures = 0;
  private resetTimer: NodeJS.Timeout | undefined;
  /** The trial attempt a half-open breaker let through; undefined while none is out. */
  private trial: object | undefined;
  private readonly listeners: ((state: BreakerState, remote: boolean) => void)[] = [];
  /** Set while a state learned from another instance is applied (it is not announced back). */
  private applyingRemote = false;
  /** Half-open, but another instance sends the trial (or the right to send it is being asked for). */
  private trialWithheld = false;

  constructor(
    readonly settings: BreakerSettings,
    private readonly onStateChange: (state: BreakerState) => void,
    /** Called when a half-open breaker's trial ended saying nothing (a cancel): it admits a trial again. */
    private readonly onTrialFreed: () => void = () => {},
  ) {
    this.window = new OutcomeWindow(settings.rolling_window_ms);
  }

  /** Closed, or half-open with its single trial still unused (and ours to send): the replica may take an attempt. */
  get admits(): boolean {
    return (
      this.current === 'closed' ||
      (this.current === 'half_open' && this.trial === undefined && !this.trialWithheld)
    );
  }

  /** Also tells `listener` every state change; `remote` when it was learned from another instance. */
  onChange(listener: (state: BreakerState, remote: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Applies a state another instance saw (open: the reset timer starts here too; closed). */
  applyRemote(state: 'open' | 'closed'): void {
    this.applyingRemote = true;
    try {
      if (state === 'open') this.open();
      else this.close();
    } finally {
      this.applyingRemote = false;
    }
  }

  /**
   * While half-open, holds back the trial until {@link settleTrial} says whether this instance sends it (only one
   * instance of a fleet probes); one that does not goes back to open for another reset period.
   */
  withholdTrial(): void {
    if (this.current === 'half_open') this.trialWithheld = true;
  }

  /** Ends {@link withholdTrial}: `mine` lets the trial through, else the breaker opens again (quietly). */
  settleTrial(mine: boolean): void {
    if (!this.trialWithheld) return;
    this.trialWithheld = false;
    if (!mine && this.current === 'half_open') this.applyRemote('open');
  }

  get state(): BreakerState {
    return this.current;
  }

  /** When the breaker last opened (epoch ms); undefined while closed. */
  get openedAt(): number | undefined {
    return this.openedAtMs;
  }

  /** When an open breaker lets its trial through (epoch ms); undefined unless open. */
  get halfOpenAt(): number | undefined {
    return this.halfOpenAtMs;
  }

  /**
   * Registers an attempt; call the returned function once with its outcome (undefined for success) when the
   * attempt ends. Returns undefined when the breaker refuses the attempt.
   */
  begin(): ((failure?: TaskError) => void) | undefined {
    if (!this.admits) return undefined;
    const token = {};
    if (this.current === 'half_open') this.trial = token;
    let settled = false;
    return (failure) => {
      if (settled) return;
      settled = true;
      this.record(token, failure);
    };
  }

  /** Closes the breaker now, whatever its state (an operator's reset); announced like any close. */
  reset(): void {
    clearTimeout(this.resetTimer);
    this.resetTimer = undefined;
    this.trial = undefined;
    this.close();
  }

  /** Stops the breaker's timer. */
  shutdown(): void {
    clearTimeout(this.resetTimer);
    this.resetTimer = undefined;
  }

  private record(token: object, failure: TaskError | undefined): void {
    const counted = failure !== undefined && countsAgainstReplica(failure.code);
    const neutral = failure !== undefined && !counted;
    if (this.current === 'half_open' && token === this.trial) {
      this.trial = undefined;
      if (counted) this.open();
      else if (!neutral) this.close();
      // A neutral trial (a cancel, say) said nothing: the next attempt is the trial.
      else this.onTrialFreed();
      return;
    }
    // Attempts begun before the breaker opened end while it is open or half-open: the trial alone decides then.
    if (this.current !== 'closed' || neutral) return;
    this.window.add(performance.now(), counted);
    this.consecutiveFailures = counted ? this.consecutiveFailures + 1 : 0;
    if (counted && this.shouldOpen()) this.open();
  }

  private shouldOpen(): boolean {
    if (this.consecutiveFailures >= Math.max(1, this.settings.volume_threshold)) return true;
    const { total, failures } = this.window.count(performance.now());
    if (total < this.settings.volume_threshold || total === 0) return false;
    return (failures / total) * 100 >= this.settings.error_threshold_percentage;
  }

  private open(): void {
    this.current = 'open';
    this.window.clear();
    this.consecutiveFailures = 0;
    clearTimeout(this.resetTimer);
    this.openedAtMs = Date.now();
    this.halfOpenAtMs = this.openedAtMs + this.settings.reset_timeout_ms;
    this.resetTimer = setTimeout(() => {
      this.resetTimer = undefined;
      this.halfOpenAtMs = undefined;
      this.current = 'half_open';
      this.changed('half_open');
    }, this.settings.reset_timeout_ms);
    this.resetTimer.unref();
    this.changed('open');
  }

  private close(): void {
    this.current = 'closed';
    this.openedAtMs = undefined;
    this.halfOpenAtMs = undefined;
    this.window.clear();
    this.consecutiveFailures = 0;
    this.changed('closed');
  }

  private changed(state: BreakerState): void {
    if (state !== 'half_open') this.trialWithheld = false;
    this.onStateChange(state);
    for (const listener of this.listeners) listener(state, this.applyingRemote);
  }
}
