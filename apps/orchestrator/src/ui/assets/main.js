import { apiPost, describeErrorResponse } from './api-client.js';
import { apiKeyStore } from './api-key-store.js';
import { connectEvents } from './connect-events.js';
import { createRenderLoop } from './create-render-loop.js';
import { byId, h, replaceChildren, setText } from './dom.js';
import { createEngineLogsView } from './engine-logs-view.js';
import { createFleetView } from './fleet-view.js';
import { formatTime } from './format.js';
import { createPlaygroundView } from './playground-view.js';
import { createQueueView } from './queue-view.js';
import { replicaKey } from './replica-key.js';
import { createTaskDetailView } from './task-detail-view.js';
import { createTasksView } from './tasks-view.js';
import { tickClocks } from './tick-clocks.js';
import { createTrafficView } from './traffic-view.js';
import { createUiStore } from './ui-store.js';

/**
 * The status page: one `/v1/events` subscription feeds the store, the store marks what changed, and each part
 * is redrawn at most once per animation frame. Actions go through the same API as any client, with the key the
 * operator entered.
 */

const notice = byId('notice');

/**
 * Runs an action and says how it went in the notice line.
 * @param {string} label what the action does, for the notice
 * @param {string} path
 */
async function runAction(label, path) {
  setText(notice, `${label}…`);
  try {
    const response = await apiPost(path);
    setText(
      notice,
      response.ok ? `${label}: done.` : `${label} refused: ${await describeErrorResponse(response)}`,
    );
  } catch (error) {
    setText(notice, `${label} failed: ${String(error)}`);
  }
}

const detail = createTaskDetailView();
const fleet = createFleetView(byId('fleet-pools'), {
  resetBreaker: (replica) =>
    runAction(
      `Breaker reset of ${replica.id}`,
      `/v1/replicas/${encodeURIComponent(replicaKey(replica))}/breaker/reset`,
    ),
  engineAction: (id, action) =>
    runAction(`Engine ${action} of ${id}`, `/v1/engines/${encodeURIComponent(id)}/${action}`),
});
const queue = createQueueView(byId('queue-pools'));
const traffic = createTrafficView(byId('traffic-charts'));
const tasks = createTasksView(
  {
    running: byId('running-tasks'),
    runningCount: byId('running-count'),
    runningEmpty: byId('running-empty'),
    runningMore: /** @type {HTMLButtonElement} */ (byId('running-more')),
    recent: byId('recent-tasks'),
    recentCount: byId('recent-count'),
    recentEmpty: byId('recent-empty'),
    more: /** @type {HTMLButtonElement} */ (byId('recent-more')),
  },
  {
    open: (handle) => detail.open(handle),
    cancel: (handle, taskId) =>
      runAction(`Cancel of task ${taskId}`, `/v1/events/tasks/${encodeURIComponent(handle)}/cancel`),
  },
);
const logs = createEngineLogsView({
  picker: /** @type {HTMLSelectElement} */ (byId('log-engine')),
  output: byId('log-output'),
  empty: byId('log-empty'),
});
const playground = createPlaygroundView({
  form: /** @type {HTMLFormElement} */ (byId('playground-form')),
  model: /** @type {HTMLSelectElement} */ (byId('playground-model')),
  prompt: /** @type {HTMLTextAreaElement} */ (byId('playground-prompt')),
  maxTokens: /** @type {HTMLInputElement} */ (byId('playground-max-tokens')),
  temperature: /** @type {HTMLInputElement} */ (byId('playground-temperature')),
  seed: /** @type {HTMLInputElement} */ (byId('playground-seed')),
  priority: /** @type {HTMLSelectElement} */ (byId('playground-priority')),
  send: /** @type {HTMLButtonElement} */ (byId('playground-send')),
  stop: /** @type {HTMLButtonElement} */ (byId('playground-stop')),
  output: byId('playground-output'),
  events: byId('playground-events'),
  status: byId('playground-status'),
});

const store = createUiStore((part) => loop.mark(part));
const { state } = store;

function renderHeader() {
  setText(byId('instance'), state.instance === '' ? '' : `instance ${state.instance}`);
  const others = state.instances.filter((instance) => !instance.self);
  replaceChildren(
    byId('instances'),
    ...others.map((instance) => h('li', {}, `${instance.id} (seen ${formatTime(instance.last_seen)})`)),
  );
  byId('instances-line').hidden = others.length === 0;
  setText(
    byId('mode'),
    state.capabilities.can_act ? 'operator: actions enabled' : 'read-only: actions need an operator key',
  );
}

const loop = createRenderLoop({
  fleet: () => fleet.render(state),
  engines: () => logs.render(state),
  logs: () => logs.render(state),
  queue: () => queue.render(state),
  traffic: () => traffic.render(state),
  tasks: () => tasks.render(state),
  instances: renderHeader,
  capabilities: () => {
    renderHeader();
    fleet.render(state);
    tasks.render(state);
    playground.render(state);
  },
});

const keyForm = /** @type {HTMLFormElement} */ (byId('key-form'));
const keyInput = /** @type {HTMLInputElement} */ (byId('key-input'));
const forgetKey = /** @type {HTMLButtonElement} */ (byId('forget-key'));
forgetKey.hidden = apiKeyStore.read() === undefined;

const STATUS_TEXT = { connecting: 'Connecting…', live: 'Live', retrying: 'Reconnecting…' };

const connection = connectEvents({
  onEvent: (type, data) => {
    store.apply(type, data);
    if (type === 'snapshot') loop.mark('capabilities');
    if (type === 'tasks') {
      for (const task of /** @type {{ handle: string }[]} */ (data)) detail.taskChanged(task.handle);
    }
  },
  onStatus: (status) => {
    const banner = byId('connection');
    banner.dataset.state = status.state;
    if (status.state === 'needs_key') {
      setText(banner, 'API key needed');
      keyForm.hidden = false;
      setText(
        byId('key-message'),
        status.refused
          ? `The key was refused (${status.message}). Enter a valid API key.`
          : 'This orchestrator requires an API key. It is kept in this tab only.',
      );
      if (status.refused) apiKeyStore.forget();
      forgetKey.hidden = true;
      keyInput.focus();
      return;
    }
    if (status.state === 'failed') {
      setText(banner, `Unavailable: ${status.message}`);
      return;
    }
    setText(banner, STATUS_TEXT[status.state]);
    if (status.state === 'live') keyForm.hidden = true;
  },
});

keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const key = keyInput.value.trim();
  if (key === '') return;
  apiKeyStore.save(key);
  keyInput.value = '';
  forgetKey.hidden = false;
  connection.reconnect();
});

forgetKey.addEventListener('click', () => {
  apiKeyStore.forget();
  forgetKey.hidden = true;
  connection.reconnect();
});

setInterval(() => tickClocks(document, Date.now()), 1000);
