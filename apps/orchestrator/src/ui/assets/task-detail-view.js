import { apiFetch, describeErrorResponse } from './api-client.js';
import { byId, h, replaceChildren } from './dom.js';
import { formatDuration, formatTime } from './format.js';

/** How soon an open detail is fetched again after its task changed. */
const REFRESH_DELAY_MS = 500;

const KIND_LABELS = {
  queued: 'Queued',
  attempt: 'Attempt',
  retry: 'Retry',
  failover: 'Failover',
  token_first: 'First token',
  terminal: 'End',
};

/**
 * The task detail panel (a modal dialog): the summary, the attempt timeline (queued, each attempt with its
 * replica and error, retries, failover with the token it resumed at, the terminal event), the determinism stamp,
 * and the request as curl with a copy button (ORCH-UIP-015). Prompt and output appear only when the server keeps
 * them. The panel refreshes itself while its task changes.
 */
export function createTaskDetailView() {
  const dialog = /** @type {HTMLDialogElement} */ (byId('task-detail'));
  const body = byId('task-detail-body');
  const title = byId('task-detail-title');
  byId('task-detail-close').addEventListener('click', () => dialog.close());
  /** @type {string | undefined} */
  let openHandle;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let refreshTimer;
  dialog.addEventListener('close', () => {
    openHandle = undefined;
    clearTimeout(refreshTimer);
  });

  /** @param {string} handle */
  async function load(handle) {
    const response = await apiFetch(`/v1/events/tasks/${encodeURIComponent(handle)}`).catch(() => undefined);
    if (openHandle !== handle) return;
    if (response === undefined) {
      replaceChildren(body, h('p', { className: 'error' }, 'The orchestrator did not answer.'));
      return;
    }
    if (!response.ok) {
      const message = await describeErrorResponse(response);
      replaceChildren(
        body,
        h(
          'p',
          { className: 'error', role: 'alert' },
          response.status === 404 ? `This task is no longer kept (${message}).` : message,
        ),
      );
      return;
    }
    renderDetail(await response.json());
  }

  /** @param {any} detail */
  function renderDetail(detail) {
    const { summary } = detail;
    title.textContent = `Task ${summary.task_id}`;
    const first = detail.timeline[0]?.at ?? summary.started_at;
    const curl = h('textarea', {
      className: 'curl',
      readOnly: true,
      rows: 4,
      'aria-label': 'Request as curl',
    });
    curl.value = detail.curl;
    const copyStatus = h('span', { className: 'muted', role: 'status' });
    replaceChildren(
      body,
      h(
        'dl',
        { className: 'facts' },
        ...fact('Model', summary.model),
        ...fact('Pool', summary.pool_id),
        ...fact('Replica', summary.replica_id ?? '–'),
        ...fact('Priority', summary.priority),
        ...fact('Phase', summary.phase),
        ...fact('Outcome', summary.outcome ?? 'running'),
        ...(summary.error_message === undefined ? [] : fact('Error', summary.error_message)),
        ...fact('Tokens', String(summary.tokens)),
        ...fact('Attempts', String(summary.attempts)),
        ...fact('Started', formatTime(summary.started_at)),
        ...(summary.ended_at === undefined
          ? []
          : fact('Took', formatDuration(summary.ended_at - summary.started_at))),
      ),
      h('h3', {}, 'Timeline'),
      h(
        'ol',
        { className: 'timeline', 'aria-label': 'Attempt timeline' },
        ...detail.timeline.map((entry) => timelineItem(entry, first)),
      ),
      h('h3', {}, 'Determinism stamp'),
      detail.stamp === undefined
        ? h('p', { className: 'muted' }, 'No stamp: the task never started streaming.')
        : h(
            'dl',
            { className: 'facts' },
            ...fact('Engine', detail.stamp.engine),
            ...fact('Engine version', detail.stamp.engine_version),
            ...fact('Model digest', detail.stamp.model_digest ?? '–'),
            ...fact('Sampler profile', detail.stamp.sampler_profile_version ?? '–'),
            ...fact('Seed', String(detail.stamp.seed)),
          ),
      h('h3', {}, 'Request'),
      curl,
      h(
        'p',
        {},
        h('button', { type: 'button', onclick: () => copyText(curl, copyStatus) }, 'Copy as curl'),
        ' ',
        copyStatus,
      ),
      detail.prompt === undefined ? undefined : h('h3', {}, 'Prompt'),
      detail.prompt === undefined
        ? undefined
        : h('pre', { className: 'kept' }, JSON.stringify(detail.prompt, null, 2)),
      detail.output === undefined ? undefined : h('h3', {}, 'Output'),
      detail.output === undefined ? undefined : h('pre', { className: 'kept' }, detail.output),
    );
  }

  return {
    /** @param {string} handle */
    open(handle) {
      openHandle = handle;
      title.textContent = 'Task';
      replaceChildren(body, h('p', { className: 'muted' }, 'Loading…'));
      if (!dialog.open) dialog.showModal();
      load(handle);
    },
    /** Tells the panel that a task changed: the open one is fetched again shortly. @param {string} handle */
    taskChanged(handle) {
      if (handle !== openHandle || refreshTimer !== undefined) return;
      refreshTimer = setTimeout(() => {
        refreshTimer = undefined;
        if (openHandle === handle) load(handle);
      }, REFRESH_DELAY_MS);
    },
  };
}

/** @param {string} term @param {string} value */
function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

/** @param {any} entry @param {number} first */
function timelineItem(entry, first) {
  const details = [
    entry.attempt === undefined ? undefined : `#${entry.attempt}`,
    entry.replica_id === undefined ? undefined : `on ${entry.replica_id}`,
    entry.position === undefined ? undefined : `position ${entry.position}`,
    entry.resumed_at_token === undefined ? undefined : `resumed at token ${entry.resumed_at_token}`,
    entry.outcome === undefined ? undefined : entry.outcome,
  ].filter(Boolean);
  return h(
    'li',
    { className: `timeline-${entry.kind}` },
    h('span', { className: 'timeline-at' }, `+${formatDuration(entry.at - first)}`),
    h('strong', {}, KIND_LABELS[entry.kind] ?? entry.kind),
    details.length === 0 ? undefined : h('span', {}, details.join(' · ')),
    entry.error === undefined
      ? undefined
      : h('span', { className: 'error' }, `${entry.error.code}: ${entry.error.message}`),
  );
}

/**
 * Copies a text field's value: the Clipboard API where the browser allows it, else the selection and the
 * legacy copy command; either way the text stays selected for a manual copy.
 * @param {HTMLTextAreaElement} field
 * @param {HTMLElement} status
 */
async function copyText(field, status) {
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    status.textContent = 'Copied.';
  } catch {
    status.textContent = document.execCommand('copy') ? 'Copied.' : 'Selected: press Ctrl+C to copy.';
  }
}
