import type { TaskRecorder } from '../tasks/task-recorder.js';
import type { TaskRun } from '../tasks/task-run.js';
import type { TaskRecordOwner } from './task-record-owner.js';
import type { TrafficSeries } from './traffic-series.js';
import type { UiEventBus } from './ui-event-bus.js';
import type { UiQueueEntry, UiTaskSummary } from './ui-event-types.js';
import { UiTaskRecord } from './ui-task-record.js';

/** Events kept for replay by finished tasks, all together; the oldest tasks' logs are dropped past it. */
const MAX_KEPT_REPLAY_EVENTS = 200_000;

/** What the task list is told by the configuration. */
export interface UiTaskListSettings {
  /** Finished tasks kept (`ui.recent_tasks`). */
  recentTasks: number;
  /** `ui.keep_prompts`. */
  keepPrompts: boolean;
  /** Scrubs secrets from texts shown on the page. */
  redact: (text: string) => string;
}

/**
 * The running tasks and a bounded ring of recent ones (ORCH-UI-020, ORCH-UI-021), by handle. Handles are
 * opaque and unique on the instance, so two owners' equal task ids never meet. Changes reach the bus only while
 * it has subscribers, once per {@link flush}: one `tasks` event with the latest summary of every task that
 * changed since the last one (a phase, an end, a token count), and a `queue` event per pool whose queue changed.
 */
export class UiTaskList implements TaskRecorder, TaskRecordOwner {
  private readonly running = new Map<string, UiTaskRecord>();
  private readonly recent: UiTaskRecord[] = [];
  private readonly byHandle = new Map<string, UiTaskRecord>();
  /** Finished tasks that still keep a replay log, oldest first, and their events in all. */
  private readonly logged: UiTaskRecord[] = [];
  private loggedEvents = 0;
  private readonly dirtyPools = new Set<string>();
  /** Tasks whose phase changed or that ended since the last flush, in the order they first changed. */
  private readonly dirtyTasks = new Set<UiTaskRecord>();
  private nextHandle = 1;
  readonly keepPrompts: boolean;

  constructor(
    private readonly bus: UiEventBus,
    private readonly traffic: TrafficSeries,
    private readonly settings: UiTaskListSettings,
  ) {
    this.keepPrompts = settings.keepPrompts;
  }

  get recording(): boolean {
    return this.keepPrompts || this.bus.active;
  }

  open(run: TaskRun): UiTaskRecord {
    const handle = `t${(this.nextHandle++).toString(36)}`;
    const record = new UiTaskRecord(handle, run, this);
    this.running.set(handle, record);
    this.byHandle.set(handle, record);
    return record;
  }

  redact(text: string): string {
    return this.settings.redact(text);
  }

  published(record: UiTaskRecord): void {
    if (this.bus.active) this.dirtyTasks.add(record);
  }

  queueChanged(poolId: string): void {
    if (this.bus.active) this.dirtyPools.add(poolId);
  }

  firstToken(ttftMs: number): void {
    this.traffic.firstToken(ttftMs);
  }

  ended(record: UiTaskRecord): void {
    this.running.delete(record.handle);
    this.traffic.addTokens(record.tokens - record.countedTokens);
    record.countedTokens = record.tokens;
    this.traffic.taskEnded(record.failed);
    this.recent.push(record);
    while (this.recent.length > this.settings.recentTasks) {
      const evicted = this.recent.shift() as UiTaskRecord;
      this.byHandle.delete(evicted.handle);
    }
    this.keepLog(record);
    this.published(record);
  }

  /** The task with this handle, running or recent; undefined once evicted. */
  find(handle: string): UiTaskRecord | undefined {
    return this.byHandle.get(handle);
  }

  /** Running tasks, oldest first. */
  runningTasks(): UiTaskRecord[] {
    return [...this.running.values()];
  }

  /** Recent finished tasks, newest first: at most `limit` of those `visible` accepts (all of them by default). */
  recentTasks(
    limit = Number.POSITIVE_INFINITY,
    visible: (record: UiTaskRecord) => boolean = () => true,
  ): UiTaskRecord[] {
    const newest: UiTaskRecord[] = [];
    for (let index = this.recent.length - 1; index >= 0 && newest.length < limit; index -= 1) {
      const record = this.recent[index] as UiTaskRecord;
      if (visible(record)) newest.push(record);
    }
    return newest;
  }

  /**
   * The tasks of this instance waiting in `poolId`'s queue, in the order they will be granted; `scoped`: for a
   * viewer limited to its own tasks (no client task ids).
   */
  queueOf(poolId: string, scoped = false): UiQueueEntry[] {
    const waiting: UiTaskRecord[] = [];
    for (const record of this.running.values()) {
      if (record.poolId === poolId && record.enqueuedAt !== undefined) waiting.push(record);
    }
    // Interactive before batch, first come first served within a priority: the admission queue's order.
    waiting.sort(
      (a, b) =>
        Number(a.priority !== 'interactive') - Number(b.priority !== 'interactive') ||
        (a.enqueuedAt as number) - (b.enqueuedAt as number),
    );
    return waiting.map((record, index) => ({
      handle: record.handle,
      task_id: scoped ? record.handle : record.taskId,
      priority: record.priority,
      position: index + 1,
      enqueued_at: record.enqueuedAt as number,
    }));
  }

  /** Counts the tokens delivered since the last call into the traffic series (once a second). */
  countTokens(): void {
    for (const record of this.running.values()) {
      const tokens = record.tokens;
      this.traffic.addTokens(tokens - record.countedTokens);
      record.countedTokens = tokens;
    }
  }

  /**
   * Sends the coalesced deltas: the tasks that changed phase or ended, and the running tasks whose token count
   * moved, all in one `tasks` event; then the queues that changed.
   */
  flush(): void {
    if (!this.bus.active) {
      this.dirtyPools.clear();
      this.dirtyTasks.clear();
      return;
    }
    for (const record of this.running.values()) {
      if (record.tokens !== record.publishedTokens) this.dirtyTasks.add(record);
    }
    if (this.dirtyTasks.size > 0) {
      const changed: { owner: string; data: UiTaskSummary }[] = [];
      for (const record of this.dirtyTasks) {
        const summary = record.summary();
        record.publishedTokens = summary.tokens;
        changed.push({ owner: record.owner ?? '', data: summary });
      }
      this.dirtyTasks.clear();
      this.bus.publishOwned('tasks', changed);
    }
    for (const poolId of this.dirtyPools) {
      this.bus.publish(
        'queue',
        { pool_id: poolId, entries: this.queueOf(poolId) },
        { scoped: { pool_id: poolId, entries: this.queueOf(poolId, true) } },
      );
    }
    this.dirtyPools.clear();
  }

  /** Keeps a finished task's replay log within the global budget, dropping the oldest logs first. */
  private keepLog(record: UiTaskRecord): void {
    if (record.log === undefined) return;
    this.logged.push(record);
    this.loggedEvents += record.log.length;
    while (
      (this.loggedEvents > MAX_KEPT_REPLAY_EVENTS && this.logged.length > 1) ||
      this.logged.length > this.settings.recentTasks
    ) {
      const oldest = this.logged.shift() as UiTaskRecord;
      this.loggedEvents -= oldest.log?.length ?? 0;
      oldest.dropLog();
    }
  }
}
