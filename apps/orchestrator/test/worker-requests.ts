import { Agent, request } from 'node:http';
import { parseSseEvents, type StreamedTask } from './cluster-fixtures.js';

/**
 * Requests to the workers of one `server.workers` orchestrator over node:http, so that a test chooses the
 * connection, and so the worker, each request goes to: `agent: false` opens a connection of its own (the
 * primary hands it to the next worker in turn), an {@link Agent} keeps one.
 */
export function send(
  url: string,
  path: string,
  options: {
    method?: string;
    body?: unknown;
    agent?: Agent | false;
    headers?: Record<string, string>;
    onFirstBytes?: () => void;
  } = {},
): Promise<StreamedTask> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const call = request(
      `${url}${path}`,
      {
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        agent: options.agent ?? false,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
      },
      (response) => {
        let text = '';
        let first = true;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (first) options.onFirstBytes?.();
          first = false;
          text += chunk;
        });
        // A worker killed mid-stream closes the connection without an end: the answer is what arrived.
        response.on('close', () =>
          resolve({
            status: response.statusCode ?? 0,
            taskId: (response.headers['x-task-id'] as string | undefined) ?? null,
            events: parseSseEvents(text),
            body: text,
          }),
        );
        response.on('error', () => {});
      },
    );
    call.on('error', reject);
    // Bounded: a connection lost with a killed worker fails the test instead of hanging it.
    call.setTimeout(30_000, () => call.destroy(new Error(`no answer to ${path} within 30 s`)));
    call.end(payload);
  });
}

/** The id of the worker that serves a request on `agent`'s connection (from `/v1/replicas`). */
export async function workerOf(url: string, agent: Agent, headers?: Record<string, string>): Promise<string> {
  const answer = await send(url, '/v1/replicas', { agent, ...(headers === undefined ? {} : { headers }) });
  return (JSON.parse(answer.body) as { cluster: { instance_id: string } }).cluster.instance_id;
}

/** An agent whose one kept-alive connection is served by a worker that `wanted` accepts (by its instance id; `headers`: e.g. a key). */
export async function agentOnWorker(
  url: string,
  wanted: (instanceId: string) => boolean,
  headers?: Record<string, string>,
): Promise<Agent> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    if (wanted(await workerOf(url, agent, headers))) return agent;
    agent.destroy();
  }
  throw new Error('no connection reached the worker wanted');
}
