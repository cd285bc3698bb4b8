import { replicaKey } from './replica-key.js';

/**
 * The page's copy of the orchestrator's state, kept by the `/v1/events` stream: the snapshot replaces it, each
 * delta replaces whole objects (so views can skip rows whose object did not change). `changed` is told which
 * part changed; the views redraw that part on the next frame.
 * Field names and shapes are those of apps/orchestrator/src/events/ui-event-types.ts.
 */

/** Recent tasks kept at most, whatever the server's ring holds: the view shows a part of them at a time. */
const MAX_RECENT_TASKS = 1000;
/** Lines of each engine's output kept. */
const MAX_LOG_LINES = 500;
/** Traffic points kept (ten minutes, one a second). */
const MAX_TRAFFIC_POINTS = 600;

/** @typedef {'fleet' | 'queue' | 'traffic' | 'tasks' | 'engines' | 'logs' | 'instances' | 'capabilities'} StorePart */

/**
 * @param {(part: StorePart) => void} changed
 */
export function createUiStore(changed) {
  const state = {
    instance: '',
    /** @type {Array<{ id: string, engine: string, model: string, replicaKeys: string[] }>} */
    pools: [],
    /** @type {Map<string, any>} replica key (`pool_id:id`: ids are unique within a pool only) → replica */
    replicas: new Map(),
    /** @type {Map<string, any[]>} pool id → queue entries */
    queues: new Map(),
    /** @type {Map<string, any>} handle → running task */
    running: new Map(),
    /** @type {any[]} newest first */
    recent: [],
    /** @type {any[]} oldest first */
    traffic: [],
    /** @type {Map<string, any>} engine id → engine */
    engines: new Map(),
    /** @type {Map<string, string[]>} engine id → its last lines */
    logs: new Map(),
    /** @type {any[]} */
    instances: [],
    capabilities: { can_act: false, keep_prompts: false },
  };

  /** @param {any} snapshot */
  function applySnapshot(snapshot) {
    state.instance = snapshot.instance;
    state.pools = snapshot.pools.map((pool) => ({
      id: pool.id,
      engine: pool.engine,
      model: pool.model,
      replicaKeys: pool.replicas.map(replicaKey),
    }));
    state.replicas = new Map(snapshot.pools.flatMap((pool) => pool.replicas.map((r) => [replicaKey(r), r])));
    state.queues = new Map(snapshot.pools.map((pool) => [pool.id, pool.queue]));
    state.running = new Map(snapshot.tasks.running.map((task) => [task.handle, task]));
    state.recent = [...snapshot.tasks.recent]
      .sort((a, b) => (b.ended_at ?? 0) - (a.ended_at ?? 0))
      .slice(0, MAX_RECENT_TASKS);
    state.traffic = snapshot.traffic.slice(-MAX_TRAFFIC_POINTS);
    state.engines = new Map(snapshot.engines.map((engine) => [engine.id, engine]));
    state.logs = new Map(
      (snapshot.engine_logs ?? []).map((log) => [log.engine_id, log.lines.slice(-MAX_LOG_LINES)]),
    );
    state.instances = snapshot.instances;
    state.capabilities = snapshot.ui;
    for (const part of [
      'fleet',
      'queue',
      'traffic',
      'tasks',
      'engines',
      'logs',
      'instances',
      'capabilities',
    ]) {
      changed(/** @type {StorePart} */ (part));
    }
  }

  /** @param {any} replica */
  function applyReplica(replica) {
    const key = replicaKey(replica);
    const pool = state.pools.find((candidate) => candidate.id === replica.pool_id);
    if (pool !== undefined && !pool.replicaKeys.includes(key)) pool.replicaKeys.push(key);
    state.replicas.set(key, replica);
    changed('fleet');
  }

  /**
   * Applies one tick's changed tasks: a running one replaces its copy, a finished one leaves the running tasks
   * and goes to the top of the recent ones, newest end first (once: a task the snapshot already listed is moved,
   * not doubled).
   * @param {any[]} tasks
   */
  function applyTasks(tasks) {
    /** @type {any[]} */
    const finished = [];
    for (const task of tasks) {
      if (task.phase === 'done') {
        state.running.delete(task.handle);
        finished.push(task);
      } else {
        state.running.set(task.handle, task);
      }
    }
    if (finished.length > 0) {
      const handles = new Set(finished.map((task) => task.handle));
      const kept = state.recent.filter((known) => !handles.has(known.handle));
      finished.sort((a, b) => (b.ended_at ?? 0) - (a.ended_at ?? 0));
      state.recent = [...finished, ...kept].slice(0, MAX_RECENT_TASKS);
    }
    changed('tasks');
  }

  /** @param {{ engine_id: string, lines: string[] }} log */
  function applyEngineLog(log) {
    const lines = state.logs.get(log.engine_id) ?? [];
    lines.push(...log.lines);
    if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
    state.logs.set(log.engine_id, lines);
    changed('logs');
  }

  /** @type {Record<string, (data: any) => void>} */
  const handlers = {
    snapshot: applySnapshot,
    replica: applyReplica,
    queue: (delta) => {
      state.queues.set(delta.pool_id, delta.entries);
      changed('queue');
    },
    tasks: applyTasks,
    traffic: (point) => {
      state.traffic.push(point);
      if (state.traffic.length > MAX_TRAFFIC_POINTS) state.traffic.shift();
      changed('traffic');
    },
    engine: (engine) => {
      state.engines.set(engine.id, engine);
      changed('engines');
      changed('fleet');
    },
    engine_log: applyEngineLog,
    instances: (instances) => {
      state.instances = instances;
      changed('instances');
    },
  };

  return {
    state,
    /**
     * Applies one event of the stream; unknown types are ignored (a newer server may send more).
     * @param {string} type
     * @param {unknown} data
     */
    apply(type, data) {
      if (Object.hasOwn(handlers, type)) handlers[type](data);
    },
  };
}
