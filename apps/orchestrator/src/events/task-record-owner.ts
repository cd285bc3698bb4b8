import type { UiTaskRecord } from './ui-task-record.js';

/** What a task record tells the task list that owns it. */
export interface TaskRecordOwner {
  /** Prompts and outputs are kept (`ui.keep_prompts`). */
  readonly keepPrompts: boolean;
  /** True while the task should keep its events for replay (a subscriber listens, or prompts are kept). */
  readonly recording: boolean;
  /** Scrubs secrets (API keys, credentials) from a text shown on the page. */
  redact(text: string): string;
  /** The record changed in a way that is always sent at once (a phase, the end). */
  published(record: UiTaskRecord): void;
  /** The queue of `poolId` changed (a task entered or left it). */
  queueChanged(poolId: string): void;
  /** A task got its first token `ttftMs` after admission. */
  firstToken(ttftMs: number): void;
  /** The task ended: it moves from the running tasks to the recent ones. */
  ended(record: UiTaskRecord): void;
}
