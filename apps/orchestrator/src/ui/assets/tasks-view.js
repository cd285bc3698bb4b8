import { h, replaceChildren, setText } from './dom.js';
import { formatDuration, formatTime } from './format.js';
import { syncKeyedRows } from './keyed-rows.js';
import { showSince } from './tick-clocks.js';

/** Recent tasks shown at first and added by each "Show more". */
const RECENT_PAGE = 50;
/** Running tasks shown at first and added by each "Show more running": a busy fleet runs thousands at once. */
const RUNNING_PAGE = 100;

const RUNNING_COLUMNS = ['Task', 'Model', 'Replica', 'Priority', 'Phase', 'Tokens', 'Elapsed', 'Actions'];
const RECENT_COLUMNS = ['Task', 'Model', 'Replica', 'Outcome', 'Tokens', 'Attempts', 'Took', 'Ended'];

/**
 * @typedef {{ open: (handle: string) => void, cancel: (handle: string, taskId: string) => void }} TaskActions
 */

/**
 * The Tasks section: the running tasks (model, replica, priority, phase, tokens so far, elapsed, a cancel
 * button), oldest first, and the recent ones with their outcome, newest first. Both show a page at a time
 * ("Show more running", "Show more") so that a thousand tasks never become a thousand rows at once
 * (ORCH-UIP-014). A task's id opens its detail.
 * @param {{ running: HTMLElement, runningCount: HTMLElement, runningEmpty: HTMLElement,
 *   runningMore: HTMLButtonElement, recent: HTMLElement, recentCount: HTMLElement, recentEmpty: HTMLElement,
 *   more: HTMLButtonElement }} elements
 * @param {TaskActions} actions
 */
export function createTasksView(elements, actions) {
  let shownRecent = RECENT_PAGE;
  let shownRunningRows = RUNNING_PAGE;
  let canAct = false;
  let lastState;
  elements.more.addEventListener('click', () => {
    shownRecent += RECENT_PAGE;
    if (lastState !== undefined) render(lastState);
  });
  elements.runningMore.addEventListener('click', () => {
    shownRunningRows += RUNNING_PAGE;
    if (lastState !== undefined) render(lastState);
  });

  const cells = (columns) => () => h('tr', {}, ...columns.map((name) => h('td', { 'data-label': name })));

  /** @param {any} task */
  const taskButton = (task) =>
    h(
      'button',
      {
        type: 'button',
        className: 'link',
        title: `Details of ${task.task_id}`,
        onclick: () => actions.open(task.handle),
      },
      task.task_id,
    );

  /** What each running row shows now, to touch only the cells whose value changed (a tick moves tokens only). */
  const runningCells = new WeakMap();

  /** @param {HTMLElement} row @param {{ task: any, canAct: boolean }} item */
  const updateRunning = (row, { task, canAct: allowed }) => {
    const [id, model, replica, priority, phase, tokens, elapsed, buttons] = /** @type {HTMLElement[]} */ (
      Array.from(row.children)
    );
    const shown = runningCells.get(row);
    if (shown === undefined) {
      // A row belongs to one handle: its id, model, priority and start never change.
      replaceChildren(id, taskButton(task));
      setText(model, task.model);
      setText(priority, task.priority);
      showSince(elapsed, task.started_at, Date.now());
    }
    setText(replica, task.replica_id ?? '–');
    if (shown?.phase !== task.phase) {
      replaceChildren(
        phase,
        h('span', { className: `badge phase-${task.phase}` }, task.phase.replace('_', ' ')),
      );
    }
    setText(tokens, String(task.tokens));
    if (shown?.allowed !== allowed) {
      replaceChildren(
        buttons,
        allowed
          ? h(
              'button',
              { type: 'button', onclick: () => actions.cancel(task.handle, task.task_id) },
              'Cancel',
            )
          : undefined,
      );
    }
    runningCells.set(row, { phase: task.phase, allowed });
  };

  /** @param {HTMLElement} row @param {any} task */
  const updateRecent = (row, task) => {
    const [id, model, replica, outcome, tokens, attempts, took, ended] = /** @type {HTMLElement[]} */ (
      Array.from(row.children)
    );
    replaceChildren(id, taskButton(task));
    setText(model, task.model);
    setText(replica, task.replica_id ?? '–');
    const ok = task.outcome === 'ok';
    replaceChildren(
      outcome,
      h('span', { className: `badge ${ok ? 'outcome-ok' : 'outcome-error'}` }, task.outcome ?? 'unknown'),
      ok || task.error_message === undefined
        ? undefined
        : h('small', { className: 'muted' }, task.error_message),
    );
    setText(tokens, String(task.tokens));
    setText(attempts, String(task.attempts));
    setText(took, task.ended_at === undefined ? '–' : formatDuration(task.ended_at - task.started_at));
    setText(ended, formatTime(task.ended_at));
  };

  /** Running rows depend on the task and on whether actions are allowed: their item pairs both. */
  const runningItems = new Map();
  const runningItem = (task) => {
    const known = runningItems.get(task.handle);
    if (known !== undefined && known.task === task && known.canAct === canAct) return known;
    const item = { task, canAct };
    runningItems.set(task.handle, item);
    return item;
  };

  /** @param {{ running: Map<string, any>, recent: any[], capabilities: { can_act: boolean } }} state */
  function render(state) {
    lastState = state;
    canAct = state.capabilities.can_act;
    const running = [...state.running.values()].sort((a, b) => a.started_at - b.started_at);
    for (const handle of runningItems.keys()) if (!state.running.has(handle)) runningItems.delete(handle);
    const shownRunning = running.slice(0, shownRunningRows);
    syncKeyedRows(elements.running, shownRunning.map(runningItem), {
      keyOf: (item) => item.task.handle,
      create: cells(RUNNING_COLUMNS),
      update: updateRunning,
    });
    setText(
      elements.runningCount,
      running.length > shownRunning.length
        ? `${shownRunning.length} of ${running.length}`
        : String(running.length),
    );
    elements.runningEmpty.hidden = running.length > 0;
    elements.runningMore.hidden = running.length <= shownRunning.length;
    elements.recentEmpty.hidden = state.recent.length > 0;
    const shown = state.recent.slice(0, shownRecent);
    syncKeyedRows(elements.recent, shown, {
      keyOf: (task) => task.handle,
      create: cells(RECENT_COLUMNS),
      update: updateRecent,
    });
    setText(
      elements.recentCount,
      state.recent.length > shown.length
        ? `${shown.length} of ${state.recent.length}`
        : String(state.recent.length),
    );
    elements.more.hidden = state.recent.length <= shown.length;
  }

  return { render };
}
