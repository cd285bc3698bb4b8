import { isTaskError, type TaskError } from '@orch/adapter-api';
import CircuitBreaker from 'opossum';
import { countsAgainstReplica } from './counts-against-replica.js';

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
 * The function that settles one attempt's outcome. Built here rather than assigned to a named binding: under tsx
 * (esbuild `keepNames`) such a function gets its name set at run time, a 256-byte dictionary per attempt.
 */
function settleWith(
  resolve: () => void,
  reject: (failure: TaskError) => void,
): (failure?: TaskError) => void {
  return (failure) => (failure === undefined ? resolve() : reject(failure));
}

/**
 * One opossum circuit breaker per replica. Attempts are streams, not calls, so each attempt "fires" a promise
 * that settles when the attempt ends: resolved on success, rejected with the failure otherwise. Only failures
 * that {@link countsAgainstReplica} are counted; opossum's own timeout is off (the orchestrator's TTFT and idle
 * timeouts already turn hangs into counted failures).
 */
export class ReplicaBreaker {
  private readonly breaker: CircuitBreaker<[Promise<void>], void>;
  private readonly listeners: ((state: BreakerState, remote: boolean) => void)[] = [];
  /** Set while a state learned from another instance is applied (it is not announced back). */
  private applyingRemote = false;
  /** Half-open, but another instance sends the trial (or the right to send it is being asked for). */
  private trialWithheld = false;

  constructor(
    readonly settings: BreakerSettings,
    onStateChange: (state: BreakerState) => void,
  ) {
    this.breaker = new CircuitBreaker((outcome: Promise<void>) => outcome, {
      timeout: false,
      errorThresholdPercentage: settings.error_threshold_percentage,
      volumeThreshold: settings.volume_threshold,
      resetTimeout: settings.reset_timeout_ms,
      rollingCountTimeout: settings.rolling_window_ms,
      errorFilter: (error: unknown) => !(isTaskError(error) && countsAgainstReplica(error.code)),
    });
    const changed = (state: BreakerState) => {
      if (state !== 'half_open') this.trialWithheld = false;
      onStateChange(state);
      for (const listener of this.listeners) listener(state, this.applyingRemote);
    };
    this.breaker.on('open', () => changed('open'));
    this.breaker.on('halfOpen', () => changed('half_open'));
    this.breaker.on('close', () => changed('closed'));
  }

  /** Closed, or half-open with its single trial still unused (and ours to send): the replica may take an attempt. */
  get admits(): boolean {
    return this.breaker.closed || (this.breaker.pendingClose && !this.trialWithheld);
  }

  /** Also tells `listener` every state change; `remote` when it was learned from another instance. */
  onChange(listener: (state: BreakerState, remote: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Applies a state another instance saw (open: the reset timer starts here too; closed). */
  applyRemote(state: 'open' | 'closed'): void {
    this.applyingRemote = true;
    try {
      if (state === 'open') this.breaker.open();
      else this.breaker.close();
    } finally {
      this.applyingRemote = false;
    }
  }

  /**
   * While half-open, holds back the trial until {@link settleTrial} says whether this instance sends it (only one
   * instance of a fleet probes); one that does not goes back to open for another reset period.
   */
  withholdTrial(): void {
    if (this.breaker.halfOpen) this.trialWithheld = true;
  }

  /** Ends {@link withholdTrial}: `mine` lets the trial through, else the breaker opens again (quietly). */
  settleTrial(mine: boolean): void {
    if (!this.trialWithheld) return;
    this.trialWithheld = false;
    if (!mine && this.breaker.halfOpen) this.applyRemote('open');
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half_open' : 'closed';
  }

  /**
   * Registers an attempt; call the returned function once with its outcome (undefined for success).
   * Returns undefined when the breaker refuses the attempt (it opened meanwhile).
   */
  begin(): ((failure?: TaskError) => void) | undefined {
    if (!this.admits) return undefined;
    let settle: (failure?: TaskError) => void = () => {};
    const outcome = new Promise<void>((resolve, reject) => {
      settle = settleWith(resolve, reject);
    });
    this.breaker.fire(outcome).catch(() => {});
    return settle;
  }

  /** Stops the breaker's timers. */
  shutdown(): void {
    this.breaker.shutdown();
  }
}
