import { TaskError } from '@orch/adapter-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { ENGINE_MODULES } from '../engine-modules.js';
import { type BreakerSettings, type BreakerState, ReplicaBreaker } from './replica-breaker.js';

const poolYaml = (extra = '') => `
pools:
  - id: p
    model: p
    engine: mock
${extra}    replicas: [{ id: r0 }]
`;

/** The breaker settings and timeouts a pool gets with nothing configured. */
function defaultPool() {
  const pool = parseConfig(poolYaml(), 'orch.yaml', ENGINE_MODULES).pools[0];
  if (!pool) throw new Error('no pool');
  return pool;
}

const failure = (code: 'ttft_timeout' | 'idle_timeout' | 'cancelled' | 'engine_error') =>
  new TaskError(code, code);

describe('ReplicaBreaker (ORCH-RES-012, ORCH-RES-014)', () => {
  let states: BreakerState[];
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
    states = [];
  });
  afterEach(() => vi.useRealTimers());

  /** A breaker with `settings` whose state changes are recorded in `states`. */
  function createBreaker(settings: BreakerSettings, onSlotFreed?: () => void): ReplicaBreaker {
    return new ReplicaBreaker(settings, (state) => states.push(state), onSlotFreed);
  }

  /** Runs one attempt that ends with `outcome` after `durationMs`, one after the other (a single slot). */
  function runAttempt(breaker: ReplicaBreaker, durationMs: number, outcome?: TaskError): boolean {
    const settle = breaker.begin();
    if (!settle) return false;
    vi.advanceTimersByTime(durationMs);
    settle(outcome);
    return true;
  }

  it('opens for a replica that only ever hits the TTFT timeout, with default settings (regression: slow failures left it closed)', () => {
    const pool = defaultPool();
    const breaker = createBreaker(pool.breaker);
    let attempts = 0;
    while (runAttempt(breaker, pool.timeouts.ttft_ms, failure('ttft_timeout'))) attempts += 1;
    expect(breaker.state).toBe('open');
    expect(attempts).toBe(pool.breaker.volume_threshold);
    breaker.shutdown();
  });

  it('opens for a replica that only ever hits the idle timeout, with default settings', () => {
    const pool = defaultPool();
    const breaker = createBreaker(pool.breaker);
    let attempts = 0;
    // Each attempt streams a little, then goes silent for idle_ms.
    while (attempts < 100 && runAttempt(breaker, 2_000 + pool.timeouts.idle_ms, failure('idle_timeout'))) {
      attempts += 1;
    }
    expect(breaker.state).toBe('open');
    expect(states).toEqual(['open']);
    breaker.shutdown();
  });

  it('counts slow failures whose start has long left the window (eight 11 s TTFT timeouts, window 11 s)', () => {
    const breaker = createBreaker({
      error_threshold_percentage: 50,
      volume_threshold: 8,
      reset_timeout_ms: 5_000,
      rolling_window_ms: 11_000,
    });
    // Eight concurrent attempts that all time out together, beside two fast successes.
    const settles = Array.from({ length: 8 }, () => breaker.begin());
    runAttempt(breaker, 100);
    runAttempt(breaker, 100);
    vi.advanceTimersByTime(11_000);
    for (const settle of settles) settle?.(failure('ttft_timeout'));
    expect(breaker.state).toBe('open');
    breaker.shutdown();
  });

  it('opens on the failure percentage of the outcomes that ended in the window', () => {
    const breaker = createBreaker({
      error_threshold_percentage: 50,
      volume_threshold: 4,
      reset_timeout_ms: 5_000,
      rolling_window_ms: 10_000,
    });
    runAttempt(breaker, 10);
    runAttempt(breaker, 10, failure('engine_error'));
    runAttempt(breaker, 10);
    expect(breaker.state).toBe('closed');
    runAttempt(breaker, 10, failure('engine_error'));
    expect(breaker.state).toBe('open');
    breaker.shutdown();
  });

  it('forgets outcomes that ended before the window', () => {
    const breaker = createBreaker({
      error_threshold_percentage: 50,
      volume_threshold: 4,
      reset_timeout_ms: 5_000,
      rolling_window_ms: 10_000,
    });
    runAttempt(breaker, 10, failure('engine_error'));
    runAttempt(breaker, 10);
    runAttempt(breaker, 10, failure('engine_error'));
    runAttempt(breaker, 10);
    runAttempt(breaker, 20_000);
    runAttempt(breaker, 10, failure('engine_error'));
    runAttempt(breaker, 10);
    expect(breaker.state).toBe('closed');
  });

  it('never counts cancels, and a cancelled half-open trial lets the next attempt be the trial', () => {
    const freed = vi.fn();
    const breaker = createBreaker(
      {
        error_threshold_percentage: 1,
        volume_threshold: 1,
        reset_timeout_ms: 1_000,
        rolling_window_ms: 10_000,
      },
      freed,
    );
    for (let index = 0; index < 10; index += 1) runAttempt(breaker, 10, failure('cancelled'));
    expect(breaker.state).toBe('closed');
    runAttempt(breaker, 10, failure('engine_error'));
    expect(breaker.state).toBe('open');
    expect(breaker.begin()).toBeUndefined();
    vi.advanceTimersByTime(1_000);
    expect(breaker.state).toBe('half_open');
    const trial = breaker.begin();
    expect(trial).toBeDefined();
    expect(breaker.admits).toBe(false);
    trial?.(failure('cancelled'));
    expect(freed).toHaveBeenCalledOnce();
    expect(breaker.admits).toBe(true);
    runAttempt(breaker, 10);
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half_open', 'closed']);
  });

  it('lets only the trial decide a half-open breaker: late outcomes of older attempts do not', () => {
    const breaker = createBreaker({
      error_threshold_percentage: 1,
      volume_threshold: 1,
      reset_timeout_ms: 1_000,
      rolling_window_ms: 10_000,
    });
    const old = breaker.begin();
    runAttempt(breaker, 10, failure('engine_error'));
    vi.advanceTimersByTime(1_000);
    const trial = breaker.begin();
    old?.(failure('engine_error'));
    expect(breaker.state).toBe('half_open');
    trial?.(failure('ttft_timeout'));
    expect(breaker.state).toBe('open');
    breaker.shutdown();
  });
});

describe('breaker window validation (ORCH-RES-014)', () => {
  it('defaults the window to the longest attempt timeout', () => {
    expect(defaultPool().breaker.rolling_window_ms).toBe(60_000);
    const pool = parseConfig(
      poolYaml('    timeouts: { ttft_ms: 5000, idle_ms: 90000 }\n'),
      'orch.yaml',
      ENGINE_MODULES,
    ).pools[0];
    expect(pool?.breaker.rolling_window_ms).toBe(90_000);
  });

  it('refuses a window shorter than the TTFT or idle timeout, naming both settings', () => {
    expect(() =>
      parseConfig(poolYaml('    breaker: { rolling_window_ms: 10000 }\n'), 'orch.yaml', ENGINE_MODULES),
    ).toThrow(
      /pools\[0\]\.breaker\.rolling_window_ms: must be at least the longest attempt timeout \(60000 ms/,
    );
    expect(() =>
      parseConfig(
        poolYaml(
          '    timeouts: { ttft_ms: 1000, idle_ms: 2000 }\n    breaker: { rolling_window_ms: 2000 }\n',
        ),
        'orch.yaml',
        ENGINE_MODULES,
      ),
    ).not.toThrow();
  });
});
