import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTaskStream, type StreamEvent } from '@orch/adapter-api';
import { type RunningOrchestrator, startOrchestrator } from '@orch/orchestrator';

/** An orchestrator listening on 127.0.0.1 with its log lines captured. */
export interface TestOrchestrator {
  url: string;
  /** Every log line so far, parsed. */
  logs: Record<string, unknown>[];
  /** Streams one task through `POST /v1/tasks`; resolves with the response (read it with {@link readEvents}). */
  post(body: unknown): Promise<Response>;
  stop(): Promise<void>;
}

/** Starts a real orchestrator (the same composition root as `orch serve`) from a config object. */
export async function startOrchestratorOver(config: unknown): Promise<TestOrchestrator> {
  const dir = await mkdtemp(join(tmpdir(), 'orch-determinism-'));
  const configPath = join(dir, 'orch.json');
  await writeFile(configPath, JSON.stringify(config));
  const logs: Record<string, unknown>[] = [];
  let running: RunningOrchestrator;
  try {
    running = await startOrchestrator({
      configPath,
      host: '127.0.0.1',
      port: 0,
      writeLog: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return {
    url: running.url,
    logs,
    post: (body) =>
      fetch(`${running.url}/v1/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    stop: () => running.shutdown(0),
  };
}

/** Reads a whole task stream; `onEvent` sees each event as it arrives (e.g. to kill a replica mid-stream). */
export async function readEvents(
  response: Response,
  onEvent: (event: StreamEvent) => void = () => {},
): Promise<StreamEvent[]> {
  if (response.body === null) throw new Error(`no body (HTTP ${response.status})`);
  const events: StreamEvent[] = [];
  for await (const event of readTaskStream(response.body)) {
    events.push(event);
    onEvent(event);
  }
  return events;
}
