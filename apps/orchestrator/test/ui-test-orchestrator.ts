import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTaskStream, type StreamEvent } from '@orch/adapter-api';
import { type RunningOrchestrator, startOrchestrator } from '../src/main.js';

/** A real orchestrator for the browser tests: listening on 127.0.0.1, a free port, the given YAML config. */
export async function startUiTestOrchestrator(configYaml: string): Promise<RunningOrchestrator> {
  const directory = mkdtempSync(join(tmpdir(), 'orch-ui-'));
  const configPath = join(directory, 'orch.yaml');
  writeFileSync(configPath, configYaml);
  return startOrchestrator({ configPath, host: '127.0.0.1', port: 0, writeLog: () => {} });
}

/** A task stream opened by a client other than the page, read to its end in the background. */
export interface ClientTask {
  /** The response status of `POST /v1/tasks`. */
  status: number;
  /** Every event received, in order, once `done` resolved. */
  events: StreamEvent[];
  /** Resolves with the events when the stream ended. */
  done: Promise<StreamEvent[]>;
  /** Lets go of the stream, as a client that goes away (the orchestrator then cancels the task). */
  abort(): void;
}

/** Sends `POST /v1/tasks` as another client would, and reads its stream in the background. */
export async function sendClientTask(
  url: string,
  body: Record<string, unknown>,
  key?: string,
): Promise<ClientTask> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  const controller = new AbortController();
  const response = await fetch(`${url}/v1/tasks`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  const done = (async () => {
    if (response.body === null) return events;
    try {
      for await (const event of readTaskStream(response.body)) events.push(event);
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
    return events;
  })();
  return { status: response.status, events, done, abort: () => controller.abort() };
}

/** Runs `count` short tasks with at most `concurrency` at once; resolves once all ended. */
export async function runManyTasks(
  url: string,
  count: number,
  concurrency: number,
  body: (index: number) => Record<string, unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await (await sendClientTask(url, body(index))).done;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
