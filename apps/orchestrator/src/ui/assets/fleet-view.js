import { h, replaceChildren, setText } from './dom.js';
import { formatNumber, formatPercent, formatTime } from './format.js';
import { syncKeyedRows } from './keyed-rows.js';
import { replicaKey } from './replica-key.js';
import { showUntil } from './tick-clocks.js';

const COLUMNS = ['Replica', 'Engine', 'Health', 'Breaker', 'In flight', 'Load', 'Engine process', 'Actions'];

/**
 * @typedef {{ resetBreaker: (replica: { pool_id: string, id: string }) => void, engineAction: (engineId: string, action: 'start' | 'stop' | 'restart') => void }} FleetActions
 */

/**
 * The Fleet section: one table per pool, one row per replica with its engine, health, breaker (with the time
 * until it lets a trial through), in-flight tasks against slots, engine load and, for a managed engine, its
 * process (ORCH-UIP-011). Rows are keyed by replica id and redrawn only when their replica or engine changed.
 * @param {HTMLElement} container
 * @param {FleetActions} actions
 */
export function createFleetView(container, actions) {
  /** A row's item: its replica and engine, remade only when either changed (so unchanged rows are skipped). */
  const rowItems = new Map();
  let canAct = false;

  /** @param {any} replica @param {any} engine */
  const itemOf = (replica, engine) => {
    const key = replicaKey(replica);
    const known = rowItems.get(key);
    if (
      known !== undefined &&
      known.replica === replica &&
      known.engine === engine &&
      known.canAct === canAct
    )
      return known;
    const item = { replica, engine, canAct };
    rowItems.set(key, item);
    return item;
  };

  const createPoolSection = (pool) => {
    const body = h('tbody');
    const section = h(
      'section',
      { className: 'pool', 'aria-label': `Pool ${pool.id}` },
      h('h3', {}, h('span', { className: 'pool-title' }), h('span', { className: 'pool-meta' })),
      h(
        'div',
        { className: 'table-wrap' },
        h(
          'table',
          { className: 'cards fleet-table' },
          h('thead', {}, h('tr', {}, ...COLUMNS.map((name) => h('th', { scope: 'col' }, name)))),
          body,
        ),
      ),
    );
    return section;
  };

  const createReplicaRow = () => h('tr', {}, ...COLUMNS.map((name) => h('td', { 'data-label': name })));

  /** @param {HTMLElement} row @param {{ replica: any, engine: any, canAct: boolean }} item */
  const updateReplicaRow = (row, { replica, engine, canAct: allowed }) => {
    const now = Date.now();
    const [idCell, engineCell, healthCell, breakerCell, flightCell, loadCell, processCell, actionCell] =
      /** @type {HTMLElement[]} */ (Array.from(row.children));
    replaceChildren(idCell, h('strong', {}, replica.id), h('small', { className: 'muted' }, replica.url));
    replaceChildren(
      engineCell,
      replica.engine,
      h('small', { className: 'muted' }, replica.engine_version ?? 'version unknown'),
    );
    replaceChildren(healthCell, h('span', { className: `badge health-${replica.health}` }, replica.health));
    const countdown = h('small', { className: 'countdown' });
    replaceChildren(
      breakerCell,
      h(
        'span',
        { className: `badge breaker-${replica.breaker.state}` },
        replica.breaker.state.replace('_', '-'),
      ),
      countdown,
    );
    showUntil(
      countdown,
      replica.breaker.state === 'open' ? replica.breaker.half_open_at : undefined,
      { prefix: 'half-open in ', done: 'half-open due' },
      now,
    );
    setText(flightCell, `${replica.in_flight} / ${replica.slots}`);
    replaceChildren(loadCell, ...describeLoad(replica.load));
    replaceChildren(processCell, ...describeEngine(replica.managed, engine));
    replaceChildren(actionCell, ...replicaButtons(replica, engine, allowed, actions));
  };

  return {
    /**
     * @param {{ pools: any[], replicas: Map<string, any>, engines: Map<string, any>, capabilities: { can_act: boolean } }} state
     */
    render(state) {
      canAct = state.capabilities.can_act;
      syncKeyedRows(container, state.pools, {
        keyOf: (pool) => pool.id,
        create: createPoolSection,
        update: () => {},
      });
      for (const pool of state.pools) {
        const section = /** @type {HTMLElement} */ (
          container.querySelector(`[data-key="${CSS.escape(pool.id)}"]`)
        );
        const replicas = pool.replicaKeys.map((key) => state.replicas.get(key)).filter(Boolean);
        const ready = replicas.filter((replica) => replica.health === 'ready').length;
        setText(/** @type {HTMLElement} */ (section.querySelector('.pool-title')), pool.id);
        setText(
          /** @type {HTMLElement} */ (section.querySelector('.pool-meta')),
          `${pool.model} · ${pool.engine} · ${ready}/${replicas.length} ready`,
        );
        syncKeyedRows(
          /** @type {HTMLElement} */ (section.querySelector('tbody')),
          replicas.map((replica) => itemOf(replica, state.engines.get(replica.managed))),
          { keyOf: (item) => replicaKey(item.replica), create: createReplicaRow, update: updateReplicaRow },
        );
      }
    },
  };
}

/** @param {any} load */
function describeLoad(load) {
  if (load === undefined) return ['–'];
  const parts = [];
  if (load.slots_busy !== undefined) parts.push(`busy ${formatNumber(load.slots_busy)}`);
  if (load.queue_depth !== undefined) parts.push(`queued ${formatNumber(load.queue_depth)}`);
  if (load.kv_cache_usage !== undefined) parts.push(`KV ${formatPercent(load.kv_cache_usage)}`);
  return parts.length === 0 ? ['–'] : [parts.join(' · ')];
}

/** @param {string | undefined} engineId @param {any} engine */
function describeEngine(engineId, engine) {
  if (engineId === undefined) return [h('span', { className: 'muted' }, 'not managed')];
  if (engine === undefined) return [h('span', { className: 'muted' }, 'unknown')];
  const facts = [
    engine.pid === undefined ? undefined : `pid ${engine.pid}`,
    `restarts ${engine.restarts}`,
    engine.started_at === undefined ? undefined : `started ${formatTime(engine.started_at)}`,
  ].filter(Boolean);
  return [
    h(
      'span',
      { className: `badge engine-${engine.state}` },
      engine.gave_up ? `${engine.state} (gave up)` : engine.state,
    ),
    h('small', { className: 'muted' }, facts.join(' · ')),
    engine.last_exit === undefined
      ? undefined
      : h('small', { className: 'last-exit' }, `last exit: ${engine.last_exit}`),
  ];
}

/** @param {any} replica @param {any} engine @param {boolean} canAct @param {FleetActions} actions */
function replicaButtons(replica, engine, canAct, actions) {
  if (!canAct) return [];
  const buttons = [];
  if (replica.breaker.state !== 'closed') {
    buttons.push(
      h('button', { type: 'button', onclick: () => actions.resetBreaker(replica) }, 'Reset breaker'),
    );
  }
  if (replica.managed !== undefined) {
    const running = engine !== undefined && ['starting', 'ready'].includes(engine.state);
    const engineId = replica.managed;
    if (!running)
      buttons.push(
        h('button', { type: 'button', onclick: () => actions.engineAction(engineId, 'start') }, 'Start'),
      );
    if (running) {
      buttons.push(
        h('button', { type: 'button', onclick: () => actions.engineAction(engineId, 'stop') }, 'Stop'),
      );
      buttons.push(
        h('button', { type: 'button', onclick: () => actions.engineAction(engineId, 'restart') }, 'Restart'),
      );
    }
  }
  return buttons;
}
