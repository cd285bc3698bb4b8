import { TaskError, toTaskError } from '@orch/adapter-api';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';
import { buildTaskCurl } from '../events/build-task-curl.js';
import { openSseStream } from '../events/open-sse-stream.js';
import type { UiTaskDetail } from '../events/ui-event-types.js';
import { DEFAULT_SNAPSHOT_RECENT, type UiEvents } from '../events/ui-events.js';
import type { UiTaskRecord } from '../events/ui-task-record.js';
import type { UiViewer } from '../events/ui-viewer.js';
import { createNoRouteResponse } from '../http/create-no-route-response.js';
import { createErrorResponse } from '../http/error-response.js';
import { readBoundAddress } from '../http/read-bound-address.js';
import { identifyClient } from '../security/client-identity.js';
import { createOperatorGuard } from './create-operator-guard.js';
import { resolveUiViewer } from './resolve-ui-viewer.js';

const unknownTask = (handle: string) =>
  createErrorResponse(new TaskError('not_found', `No running or recent task has handle "${handle}".`));

/** The task a viewer may see by handle: undefined when unknown, evicted, or another owner's. */
function findTask(ui: UiEvents, viewer: UiViewer, handle: string): UiTaskRecord | undefined {
  const record = ui.tasks.find(handle);
  if (record === undefined) return undefined;
  return viewer.owner === undefined || record.owner === viewer.owner ? record : undefined;
}

/** The detail answer of one task: summary, timeline, stamp, copy-as-curl, and prompt/output when kept. */
function describeTask(c: Context, deps: AppDeps, ui: UiEvents, record: UiTaskRecord): UiTaskDetail {
  const detail: UiTaskDetail = {
    summary: record.summary(),
    timeline: [...record.timeline],
    curl: buildTaskCurl(readBoundAddress(c), record.request, deps.apiKeys.length > 0),
  };
  if (record.stamp !== undefined) detail.stamp = record.stamp;
  if (ui.keepPrompts) {
    const { prompt, messages } = record.request;
    detail.prompt = prompt ?? messages;
    const output = record.output();
    if (output !== undefined) detail.output = output;
  }
  return detail;
}

/**
 * The `recent` query of `/v1/events`: how many recent tasks its snapshot carries, 0 to `ui.recent_tasks`
 * (default {@link DEFAULT_SNAPSHOT_RECENT}), or the answer refusing another value (ORCH-UI-010).
 */
function readRecentLimit(query: string | undefined, kept: number): number | Response {
  if (query === undefined) return Math.min(DEFAULT_SNAPSHOT_RECENT, kept);
  const value = Number(query);
  if (/^\d+$/.test(query) && value <= kept) return value;
  return createErrorResponse(
    new TaskError(
      'invalid_request',
      `recent must be an integer from 0 to ${kept} (ui.recent_tasks), not "${query.slice(0, 40)}".`,
    ),
  );
}

/** Takes one of the instance's event streams for the request's client, or answers why not (ORCH-UI-015). */
function acquireStream(c: Context, ui: UiEvents): (() => void) | Response {
  try {
    return ui.streams.acquire(identifyClient(c).owner);
  } catch (error) {
    return createErrorResponse(toTaskError(error));
  }
}

/**
 * `/v1/events`: the status page's event stream (a snapshot, then deltas), one task's detail and its own events
 * as its client received them, and the cancel action (specs/ui.md).
 */
export function createEventsRoute(deps: AppDeps): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const viewer = resolveUiViewer(c, deps);
    const ui = deps.ui;
    if (viewer === undefined || ui === undefined) return createNoRouteResponse(c);
    const recent = readRecentLimit(c.req.query('recent'), deps.config.ui.recent_tasks);
    if (recent instanceof Response) return recent;
    const release = acquireStream(c, ui);
    if (release instanceof Response) return release;
    const stream = openSseStream(viewer.owner, (subscriber) => {
      release();
      ui.bus.remove(subscriber);
    });
    ui.bus.add(stream.subscriber, 'snapshot', ui.snapshot(viewer, recent));
    return stream.response;
  });
  /** Answers for the task of the path's handle, when this viewer may see it. */
  const forTask = (c: Context, answer: (ui: UiEvents, record: UiTaskRecord) => Response) => {
    const viewer = resolveUiViewer(c, deps);
    const ui = deps.ui;
    if (viewer === undefined || ui === undefined) return createNoRouteResponse(c);
    const handle = c.req.param('handle') ?? '';
    const record = findTask(ui, viewer, handle);
    return record === undefined ? unknownTask(handle) : answer(ui, record);
  };
  app.get('/tasks/:handle', (c) => forTask(c, (ui, record) => c.json(describeTask(c, deps, ui, record))));
  app.get('/tasks/:handle/events', (c) =>
    forTask(c, (ui, record) => {
      const release = acquireStream(c, ui);
      if (release instanceof Response) return release;
      // The handle lookup already checked who may read the task: its stream filters nothing more.
      const stream = openSseStream(undefined, (subscriber) => {
        release();
        record.closeStream(subscriber);
      });
      record.openStream(stream.subscriber);
      return stream.response;
    }),
  );
  app.post('/tasks/:handle/cancel', createOperatorGuard(deps), (c) => {
    const ui = deps.ui as UiEvents;
    const handle = c.req.param('handle');
    const record = ui.tasks.find(handle);
    if (record === undefined) return unknownTask(handle);
    const cancelled = record.cancel(
      new TaskError('cancelled', 'The task was cancelled by an operator from the status page.'),
    );
    return c.json({ handle, cancelled }, cancelled ? 202 : 200);
  });
  return app;
}
