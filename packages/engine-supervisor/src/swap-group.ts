import { EventEmitter } from 'node:events';
import { SwapGroupError } from './swap-group-error.js';
import type { SwappableEngine } from './swappable-engine.js';

/** One model of a swap group. */
export interface SwapGroupMember {
  /** The engine that serves this model. */
  engine: SwappableEngine;
  /** Overrides the group's `idleMs` for this model. */
  idleMs?: number;
}

/** Options of {@link createSwapGroup}. */
export interface SwapGroupOptions {
  /** Members by model key. At most one of them runs at any time. */
  members: Readonly<Record<string, SwapGroupMember | SwappableEngine>>;
  /**
   * Unload the running engine once it has had no lease and nobody waiting for this long, ms. Omitted: a
   * loaded engine stays until another model needs the group (or `close()`).
   */
  idleMs?: number;
}

/**
 * What the group is doing:
 * - `idle`: nothing loaded;
 * - `loading`: the active model's engine is starting (its waiters share this one load);
 * - `ready`: the active model serves; new waiters for it get leases at once;
 * - `draining`: the active model still serves its leases, but a waiter for another model is first in
 *   line, so no new leases are granted for it; the swap happens when the last lease is released;
 * - `unloading`: the active model's engine is stopping (swap or idle).
 */
export type SwapGroupPhase = 'idle' | 'loading' | 'ready' | 'draining' | 'unloading';

/** A waiter as seen from outside, for "loading / position N" answers to clients. */
export interface SwapGroupWaiter {
  /** Model it waits for. */
  modelKey: string;
  /** 0-based place in the queue (0 = next to be served). */
  position: number;
  /** True while the model it waits for is being loaded right now. */
  loading: boolean;
}

/** State of a swap group at one moment. */
export interface SwapGroupSnapshot {
  /** Model loaded (or loading / unloading), if any. */
  active: string | undefined;
  /** See {@link SwapGroupPhase}. */
  phase: SwapGroupPhase;
  /** Leases held on the active model. */
  leases: number;
  /** Waiters in arrival order. */
  queue: SwapGroupWaiter[];
}

/** The right to send tasks to a loaded model; release it when the task ends. */
export interface SwapLease {
  /** The model key. */
  readonly modelKey: string;
  /** The engine's base URL when it has one. */
  readonly url: string | undefined;
  /** Ends the lease; idempotent. The engine is never stopped while a lease is held. */
  release(): void;
}

/** Options of one `acquire`. */
export interface AcquireOptions {
  /** Gives up waiting (rejects with `SwapGroupError` code `aborted`); a granted lease is not affected. */
  signal?: AbortSignal;
  /** Called when this waiter's position or loading state changes while it waits. */
  onWait?: (state: SwapGroupWaiter) => void;
}

/** Events of a swap group. */
export interface SwapGroupEvents {
  /** Any change of phase, active model, leases or queue. */
  change: [snapshot: SwapGroupSnapshot];
}

/** Several engines of which at most one runs at a time, loaded on demand and swapped fairly. */
export interface SwapGroup {
  /**
   * Resolves with a lease once `modelKey`'s engine is ready: at once when it is loaded and nobody waits
   * for another model (Continue); after starting it when nothing is loaded (Load); after the loaded model's
   * leases drain and it is stopped (Drop-and-Load). Waiters are served in arrival order; a loaded model
   * keeps serving the waiters that arrived before the first waiter for another model. All waiters for the
   * model being loaded share that one load. Rejects with the engine's start error when the load fails.
   */
  acquire(modelKey: string, options?: AcquireOptions): Promise<SwapLease>;
  /** Current state. */
  snapshot(): SwapGroupSnapshot;
  /** Model keys of the members. */
  readonly modelKeys: readonly string[];
  /**
   * Rejects every waiter (code `closed`) and stops the active engine, leases or not: for shutdown.
   * Later `acquire` calls reject.
   */
  close(): Promise<void>;
  on<K extends keyof SwapGroupEvents>(event: K, listener: (...args: SwapGroupEvents[K]) => void): this;
  off<K extends keyof SwapGroupEvents>(event: K, listener: (...args: SwapGroupEvents[K]) => void): this;
}

/** Creates a swap group; nothing starts until the first `acquire`. */
export function createSwapGroup(options: SwapGroupOptions): SwapGroup {
  return new FairSwapGroup(options);
}

interface Waiter {
  modelKey: string;
  resolve: (lease: SwapLease) => void;
  reject: (error: unknown) => void;
  onWait: ((state: SwapGroupWaiter) => void) | undefined;
  lastNotified: string | undefined;
  detach: () => void;
}

interface ActiveModel {
  modelKey: string;
  member: SwapGroupMember;
  phase: 'loading' | 'ready' | 'unloading';
  leases: number;
}

class FairSwapGroup extends EventEmitter<SwapGroupEvents> implements SwapGroup {
  readonly #members: ReadonlyMap<string, SwapGroupMember>;
  readonly #idleMs: number | undefined;
  readonly #queue: Waiter[] = [];
  #active: ActiveModel | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #closed = false;
  #pumping = false;
  #pumpAgain = false;

  constructor(options: SwapGroupOptions) {
    super();
    this.#members = new Map(Object.entries(options.members).map(([key, value]) => [key, toMember(value)]));
    this.#idleMs = options.idleMs;
  }

  get modelKeys(): readonly string[] {
    return [...this.#members.keys()];
  }

  acquire(modelKey: string, options: AcquireOptions = {}): Promise<SwapLease> {
    if (this.#closed) {
      return Promise.reject(new SwapGroupError('closed', modelKey, 'the swap group is closed'));
    }
    if (!this.#members.has(modelKey)) {
      const known = this.modelKeys.join(', ');
      return Promise.reject(
        new SwapGroupError('unknown_model', modelKey, `no engine serves "${modelKey}" (known: ${known})`),
      );
    }
    const { signal } = options;
    if (signal?.aborted) {
      return Promise.reject(new SwapGroupError('aborted', modelKey, `waiting for "${modelKey}" was aborted`));
    }
    return new Promise<SwapLease>((resolve, reject) => {
      const waiter: Waiter = {
        modelKey,
        resolve,
        reject,
        onWait: options.onWait,
        lastNotified: undefined,
        detach: () => {},
      };
      if (signal) {
        const onAbort = () => {
          if (!this.#removeWaiter(waiter)) return;
          reject(new SwapGroupError('aborted', modelKey, `waiting for "${modelKey}" was aborted`));
          this.#pump();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.#queue.push(waiter);
      this.#pump();
    });
  }

  snapshot(): SwapGroupSnapshot {
    const active = this.#active;
    return {
      active: active?.modelKey,
      phase: this.#phase(),
      leases: active?.leases ?? 0,
      queue: this.#queue.map((waiter, position) => this.#describeWaiter(waiter, position)),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#clearIdleTimer();
    for (const waiter of this.#queue.splice(0)) {
      waiter.detach();
      waiter.reject(new SwapGroupError('closed', waiter.modelKey, 'the swap group was closed'));
    }
    const active = this.#active;
    if (active) {
      active.phase = 'unloading';
      this.#emitChange();
      await active.member.engine.stop().catch(() => {});
      if (this.#active === active) this.#active = undefined;
    }
    this.#emitChange();
  }

  #phase(): SwapGroupPhase {
    const active = this.#active;
    if (!active) return 'idle';
    if (active.phase !== 'ready') return active.phase;
    const head = this.#queue[0];
    return head && head.modelKey !== active.modelKey ? 'draining' : 'ready';
  }

  /** Runs the scheduling rules until nothing more can happen now; safe to call from anywhere. */
  #pump(): void {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#pumpAgain = false;
        this.#step();
      } while (this.#pumpAgain);
    } finally {
      this.#pumping = false;
    }
    this.#notifyWaiters();
    this.#emitChange();
  }

  #step(): void {
    if (this.#closed) return;
    const active = this.#active;
    const head = this.#queue[0];
    if (!active) {
      this.#clearIdleTimer();
      if (head) this.#load(head.modelKey);
      return;
    }
    if (active.phase !== 'ready') return;
    if (head?.modelKey === active.modelKey && !isServing(active.member.engine)) {
      // The loaded engine crashed or was stopped behind our back: load it again for its waiters.
      this.#load(active.modelKey);
      return;
    }
    while (this.#queue[0]?.modelKey === active.modelKey) {
      this.#grant(this.#queue.shift() as Waiter, active);
    }
    if (this.#queue.length === 0) {
      if (active.leases === 0) this.#armIdleTimer(active);
      return;
    }
    this.#clearIdleTimer();
    if (active.leases === 0) this.#unload(active);
  }

  #load(modelKey: string): void {
    const member = this.#members.get(modelKey) as SwapGroupMember;
    const previous = this.#active;
    const active: ActiveModel =
      previous?.modelKey === modelKey ? previous : { modelKey, member, phase: 'loading', leases: 0 };
    active.phase = 'loading';
    this.#active = active;
    member.engine.start().then(
      () => {
        if (this.#active !== active || this.#closed) return;
        active.phase = 'ready';
        // Every waiter for this model shares the load that just finished, wherever it stands in line.
        for (const waiter of this.#queue.filter((entry) => entry.modelKey === modelKey)) {
          this.#removeWaiter(waiter);
          this.#grant(waiter, active);
        }
        this.#pump();
      },
      (error: unknown) => {
        if (this.#active !== active) return;
        for (const waiter of this.#queue.filter((entry) => entry.modelKey === modelKey)) {
          this.#removeWaiter(waiter);
          waiter.reject(error);
        }
        // Leases of a failed reload stay counted on nothing: their tasks fail against the dead engine.
        this.#active = undefined;
        this.#pump();
      },
    );
  }

  #unload(active: ActiveModel): void {
    active.phase = 'unloading';
    this.#clearIdleTimer();
    active.member.engine
      .stop()
      .catch(() => {})
      .then(() => {
        if (this.#active === active) this.#active = undefined;
        this.#pump();
      });
  }

  #grant(waiter: Waiter, active: ActiveModel): void {
    waiter.detach();
    this.#clearIdleTimer();
    active.leases += 1;
    let released = false;
    waiter.resolve({
      modelKey: active.modelKey,
      url: active.member.engine.url,
      release: () => {
        if (released) return;
        released = true;
        active.leases -= 1;
        if (this.#active === active) this.#pump();
      },
    });
  }

  #armIdleTimer(active: ActiveModel): void {
    const idleMs = active.member.idleMs ?? this.#idleMs;
    if (idleMs === undefined || this.#idleTimer) return;
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      if (
        this.#active !== active ||
        active.phase !== 'ready' ||
        active.leases > 0 ||
        this.#queue.length > 0
      ) {
        return;
      }
      this.#unload(active);
      this.#emitChange();
    }, idleMs);
    this.#idleTimer.unref?.();
  }

  #clearIdleTimer(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }

  #removeWaiter(waiter: Waiter): boolean {
    const index = this.#queue.indexOf(waiter);
    if (index === -1) return false;
    this.#queue.splice(index, 1);
    waiter.detach();
    return true;
  }

  #describeWaiter(waiter: Waiter, position: number): SwapGroupWaiter {
    const active = this.#active;
    const loading = active?.modelKey === waiter.modelKey && active.phase === 'loading';
    return { modelKey: waiter.modelKey, position, loading };
  }

  #notifyWaiters(): void {
    this.#queue.forEach((waiter, position) => {
      if (!waiter.onWait) return;
      const state = this.#describeWaiter(waiter, position);
      const key = `${state.position}:${state.loading}`;
      if (key === waiter.lastNotified) return;
      waiter.lastNotified = key;
      waiter.onWait(state);
    });
  }

  #emitChange(): void {
    if (this.listenerCount('change') > 0) this.emit('change', this.snapshot());
  }
}

/** An engine is anything with start and stop (an `EngineSupervisor` has an `engine` field of its own). */
function toMember(value: SwapGroupMember | SwappableEngine): SwapGroupMember {
  return 'start' in value && typeof value.start === 'function'
    ? { engine: value }
    : (value as SwapGroupMember);
}

function isServing(engine: SwappableEngine): boolean {
  return engine.status === undefined || engine.status === 'ready';
}
