import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { TaskClientListener } from '../tasks/task-client.js';
import type { TaskDialect } from '../tasks/task-dialect.js';
import type { TaskRun } from '../tasks/task-run.js';
import { ANSWER_ALREADY_SENT, NodeTaskClient } from './node-task-client.js';
import { WebStreamTaskClient } from './web-stream-task-client.js';

/** The Node objects @hono/node-server passes as the context's env. */
interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

/**
 * Gives a task its client and returns the function that makes the route's Response once the answer has begun.
 * Under @hono/node-server the answer is written straight to the socket; elsewhere (`app.request`) it is a web
 * stream. A client that leaves before the answer begins cancels the task.
 */
export function startTaskAnswer(
  c: Context,
  run: TaskRun & TaskClientListener,
  dialect: TaskDialect,
  keepaliveMs: number,
): () => Response {
  const outgoing = (c.env as NodeBindings | undefined)?.outgoing;
  if (outgoing !== undefined && typeof outgoing.writeHead === 'function') {
    run.attach(new NodeTaskClient(outgoing, dialect, run, keepaliveMs));
    return () => new Response(null, { headers: ANSWER_ALREADY_SENT });
  }
  const client = new WebStreamTaskClient(dialect, run, keepaliveMs);
  run.attach(client);
  const signal = c.req.raw.signal;
  const onAbort = () => {
    if (!client.opened) run.clientGone();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  run.onClose(() => signal.removeEventListener('abort', onAbort));
  return () => client.toResponse();
}
