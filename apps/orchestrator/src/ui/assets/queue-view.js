import { h, setText } from './dom.js';
import { syncKeyedRows } from './keyed-rows.js';
import { showSince } from './tick-clocks.js';

/** Entries shown per pool; the count says how many more wait. */
const SHOWN_ENTRIES = 50;

/**
 * The Queue section: per pool, the waiting tasks in queue order with priority, position and wait so far
 * (ORCH-UIP-012). A pool with an empty queue says so in one line.
 * @param {HTMLElement} container
 */
export function createQueueView(container) {
  /** @param {{ id: string }} pool */
  const createPool = (pool) =>
    h(
      'div',
      { className: 'queue-pool' },
      h('h3', {}),
      h(
        'table',
        { className: 'cards', 'aria-label': `Queue of ${pool.id}` },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Position', 'Task', 'Priority', 'Waiting'].map((name) => h('th', { scope: 'col' }, name)),
          ),
        ),
        h('tbody'),
      ),
    );

  const createEntry = () =>
    h(
      'tr',
      {},
      ...['Position', 'Task', 'Priority', 'Waiting'].map((name) => h('td', { 'data-label': name })),
    );

  /** @param {HTMLElement} row @param {any} entry */
  const updateEntry = (row, entry) => {
    const [position, task, priority, waiting] = /** @type {HTMLElement[]} */ (Array.from(row.children));
    setText(position, String(entry.position));
    setText(task, entry.task_id);
    setText(priority, entry.priority);
    showSince(waiting, entry.enqueued_at, Date.now());
  };

  return {
    /** @param {{ pools: any[], queues: Map<string, any[]> }} state */
    render(state) {
      syncKeyedRows(container, state.pools, {
        keyOf: (pool) => pool.id,
        create: createPool,
        update: () => {},
      });
      for (const pool of state.pools) {
        const element = /** @type {HTMLElement} */ (
          container.querySelector(`[data-key="${CSS.escape(pool.id)}"]`)
        );
        const entries = [...(state.queues.get(pool.id) ?? [])].sort((a, b) => a.position - b.position);
        const shown = entries.slice(0, SHOWN_ENTRIES);
        const more = entries.length - shown.length;
        const title =
          entries.length === 0 ? `${pool.id}: nothing waiting` : `${pool.id}: ${entries.length} waiting`;
        setText(
          /** @type {HTMLElement} */ (element.querySelector('h3')),
          more > 0 ? `${title} (first ${SHOWN_ENTRIES} shown)` : title,
        );
        /** @type {HTMLElement} */ (element.querySelector('table')).hidden = entries.length === 0;
        syncKeyedRows(/** @type {HTMLElement} */ (element.querySelector('tbody')), shown, {
          keyOf: (entry) => entry.handle,
          create: createEntry,
          update: updateEntry,
        });
      }
    },
  };
}
