/** What one slot is doing, for llama.cpp's `/slots` and the engines' running/waiting gauges. */
export interface SlotState {
  /** Slot id. */
  id: number;
  /** Whether a request occupies it. */
  processing: boolean;
  /** Task id of the request it serves (-1 when idle). */
  taskId: number;
  /** Tokens decoded so far by that request. */
  decoded: number;
  /** Tokens the request may still produce. */
  remaining: number;
}

/**
 * A fixed number of generation slots with a FIFO wait queue: requests beyond the slot count wait (vLLM's
 * `num_requests_waiting`, TGI's `tgi_queue_size`, llama.cpp's `requests_deferred`).
 */
export class SlotPool {
  readonly slots: SlotState[];
  private readonly waiters: Array<(slot: SlotState | null) => void> = [];
  private nextTaskId = 0;

  constructor(size: number) {
    this.slots = Array.from({ length: Math.max(1, size) }, (_, id) => ({
      id,
      processing: false,
      taskId: -1,
      decoded: 0,
      remaining: 0,
    }));
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Slots in use. */
  get busy(): number {
    return this.slots.filter((slot) => slot.processing).length;
  }

  /**
   * Takes a free slot (the preferred one when free, as llama.cpp's `id_slot`), waiting in line if none is.
   * Resolves null if `cancelled` fires while waiting.
   */
  acquire(cancelled: AbortSignal, preferred = -1): Promise<SlotState | null> {
    const free =
      this.slots.find((slot) => slot.id === preferred && !slot.processing) ??
      this.slots.find((slot) => !slot.processing);
    if (free !== undefined) return Promise.resolve(this.occupy(free));
    if (cancelled.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter = (slot: SlotState | null): void => {
        cancelled.removeEventListener('abort', onAbort);
        resolve(slot === null ? null : this.occupy(slot));
      };
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index !== -1) this.waiters.splice(index, 1);
        resolve(null);
      };
      cancelled.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Frees a slot and hands it to the next waiter. */
  release(slot: SlotState): void {
    slot.processing = false;
    slot.taskId = -1;
    slot.remaining = 0;
    const next = this.waiters.shift();
    if (next !== undefined) next(slot);
  }

  private occupy(slot: SlotState): SlotState {
    slot.processing = true;
    slot.taskId = this.nextTaskId;
    this.nextTaskId += 1;
    slot.decoded = 0;
    slot.remaining = 0;
    return slot;
  }
}
