import { encodeUiEvent } from './encode-ui-event.js';
import type { UiEventMap, UiEventType } from './ui-event-types.js';
import type { UiSubscriber } from './ui-subscriber.js';

/** The events whose data is a list of items, each of one owner's task. */
type UiOwnedListType = 'tasks';

/**
 * The status page's event bus (ORCH-UI-001): publishers call {@link publish}, every `/v1/events` subscriber gets
 * the frame, encoded once. Publishers check {@link active} before building anything: with nobody subscribed the
 * bus costs one boolean read (ORCH-UI-003). A subscriber that falls behind is dropped, never buffered without
 * bound (ORCH-UI-012).
 */
export class UiEventBus {
  private readonly subscribers = new Set<UiSubscriber>();
  private sequence = 0;
  /** Told when the first subscriber arrives and when the last one leaves. */
  private readonly activityListeners: ((active: boolean) => void)[] = [];

  /** True while at least one subscriber listens. */
  get active(): boolean {
    return this.subscribers.size > 0;
  }

  /** Subscribers listening now. */
  get size(): number {
    return this.subscribers.size;
  }

  /** Also tells `listener` when the bus becomes active or idle. */
  onActivityChange(listener: (active: boolean) => void): void {
    this.activityListeners.push(listener);
  }

  /** Adds a subscriber after sending it `first` (its snapshot), both under one sequence. */
  add<K extends UiEventType>(subscriber: UiSubscriber, type: K, first: UiEventMap[K]): void {
    this.sequence += 1;
    if (!subscriber.send(encodeUiEvent(this.sequence, type, first))) {
      subscriber.close();
      return;
    }
    this.subscribers.add(subscriber);
    if (this.subscribers.size === 1) this.announce(true);
  }

  /** Removes a subscriber (its stream closed). */
  remove(subscriber: UiSubscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    if (this.subscribers.size === 0) this.announce(false);
  }

  /**
   * Sends one event to every subscriber; with `scoped`, subscribers limited to their own tasks get that variant
   * instead (no engine addresses, ORCH-SEC-021). Callers check {@link active} first.
   */
  publish<K extends UiEventType>(
    type: K,
    data: UiEventMap[K],
    options: { scoped?: UiEventMap[K] } = {},
  ): void {
    if (this.subscribers.size === 0) return;
    this.sequence += 1;
    const { scoped } = options;
    const frame = encodeUiEvent(this.sequence, type, data);
    let scopedFrame: string | undefined;
    for (const subscriber of this.subscribers) {
      let sent = frame;
      if (scoped !== undefined && subscriber.owner !== undefined) {
        scopedFrame ??= encodeUiEvent(this.sequence, type, scoped);
        sent = scopedFrame;
      }
      if (!subscriber.send(sent)) {
        this.remove(subscriber);
        subscriber.close();
      }
    }
  }

  /**
   * Sends one list event: subscribers that see every task get every item, those limited to one owner's tasks
   * only that owner's items (and nothing when none is theirs). Callers check {@link active} first.
   */
  publishOwned<K extends UiOwnedListType>(
    type: K,
    items: readonly { owner: string; data: UiEventMap[K][number] }[],
  ): void {
    if (this.subscribers.size === 0) return;
    this.sequence += 1;
    let frame: string | undefined;
    let ownFrames: Map<string, string | undefined> | undefined;
    for (const subscriber of this.subscribers) {
      let sent: string | undefined;
      const owner = subscriber.owner;
      if (owner === undefined) {
        frame ??= encodeUiEvent(
          this.sequence,
          type,
          items.map((item) => item.data),
        );
        sent = frame;
      } else {
        ownFrames ??= new Map();
        if (!ownFrames.has(owner)) {
          const own = items.filter((item) => item.owner === owner).map((item) => item.data);
          ownFrames.set(owner, own.length === 0 ? undefined : encodeUiEvent(this.sequence, type, own));
        }
        sent = ownFrames.get(owner);
      }
      if (sent !== undefined && !subscriber.send(sent)) {
        this.remove(subscriber);
        subscriber.close();
      }
    }
  }

  /** Ends every stream (shutdown). */
  closeAll(): void {
    for (const subscriber of [...this.subscribers]) {
      this.remove(subscriber);
      subscriber.close();
    }
  }

  private announce(active: boolean): void {
    for (const listener of this.activityListeners) listener(active);
  }
}
