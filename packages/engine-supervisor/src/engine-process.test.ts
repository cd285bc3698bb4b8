import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeEngineSpec } from './__fixtures__/fake-engine-spec.js';
import { isProcessAlive, waitFor } from './__fixtures__/process-helpers.js';
import { createEngineProcess, type EngineProcess } from './engine-process.js';
import { EngineStartError } from './engine-start-error.js';
import type { EngineExit, EngineStatus } from './engine-status.js';
import { findFreePort } from './find-free-port.js';
import type { LaunchSpec } from './launch-spec.js';

const engines: EngineProcess[] = [];

function track(spec: LaunchSpec, logger?: Parameters<typeof createEngineProcess>[1]): EngineProcess {
  const engine = createEngineProcess(spec, logger);
  engines.push(engine);
  return engine;
}

function recordStatuses(engine: EngineProcess): EngineStatus[] {
  const seen: EngineStatus[] = [];
  engine.on('status', (change) => seen.push(change.status));
  return seen;
}

/** Waits for an output line: lines travel on a pipe, so they can arrive after a health answer. */
async function waitForLine(engine: EngineProcess, line: string): Promise<void> {
  await waitFor(() => engine.logTail().some((entry) => entry.line === line), 15_000, `the line "${line}"`);
}

/** A path in a fresh directory, for the fake engine's `--ready-when-file` (created by the test when it wants). */
async function readyFilePath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'engine-supervisor-')), 'ready');
}

async function startFailure(engine: EngineProcess): Promise<EngineStartError> {
  const error = await engine.start().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof EngineStartError))
    throw new Error(`expected an EngineStartError, got ${String(error)}`);
  return error;
}

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
});

describe('createEngineProcess', () => {
  it('keeps polling through llama.cpp 503 "Loading model" and is ready once /health answers 200', async () => {
    const readyFile = await readyFilePath();
    const lines: Array<Record<string, unknown>> = [];
    const engine = track(fakeEngineSpec(['--mode', 'llamacpp', '--ready-when-file', readyFile]), {
      logger: { info: (_message, fields) => lines.push(fields ?? {}), warn: () => {} },
    });
    const statuses = recordStatuses(engine);
    const starting = engine.start();
    // The engine answers 503 until the file exists: see at least one 503 probe, then let it finish loading.
    await waitForLine(engine, 'fake-engine: GET /health 503');
    expect(engine.status).toBe('starting');
    await writeFile(readyFile, 'loaded');
    await starting;

    expect(engine.status).toBe('ready');
    expect(statuses).toEqual(['starting', 'ready']);
    await waitForLine(engine, 'fake-engine: GET /health 200');
    const response = await fetch(`${engine.url}/health`);
    expect(response.status).toBe(200);
    expect(lines).toContainEqual(
      expect.objectContaining({
        stream: 'stderr',
        line: `fake-engine: loading model (until ${readyFile} exists)`,
      }),
    );
    expect(engine.lastStartDurationMs).toBeGreaterThan(0);
  });

  it('treats a refused connection as still starting (vLLM and TGI do not listen until loaded)', async () => {
    const readyFile = await readyFilePath();
    const engine = track(
      fakeEngineSpec(['--mode', 'refuse', '--ready-when-file', readyFile], {
        health: { path: '/health', intervalMs: 20 },
      }),
    );
    const starting = engine.start();
    // The process runs but does not listen until the file exists: probes are refused meanwhile.
    await waitForLine(engine, `fake-engine: loading model (until ${readyFile} exists)`);
    const refused = await fetch(`${engine.url}/health`).then(
      () => 'answered',
      (error: unknown) => String((error as { cause?: { code?: unknown } }).cause?.code),
    );
    expect(refused).toBe('ECONNREFUSED');
    expect(engine.status).toBe('starting');
    await writeFile(readyFile, 'loaded');
    await starting;
    expect(engine.status).toBe('ready');
    await waitForLine(engine, 'fake-engine: GET /health 200');
  });

  it('treats Triton 400 on /v2/health/ready as still starting', async () => {
    const readyFile = await readyFilePath();
    const engine = track(
      fakeEngineSpec(['--mode', 'triton', '--ready-when-file', readyFile], {
        health: { path: '/v2/health/ready', intervalMs: 20 },
      }),
    );
    const starting = engine.start();
    await waitForLine(engine, 'fake-engine: GET /v2/health/ready 400');
    expect(engine.status).toBe('starting');
    await writeFile(readyFile, 'loaded');
    await starting;
    expect(engine.status).toBe('ready');
    await waitForLine(engine, 'fake-engine: GET /v2/health/ready 200');
  });

  it('accepts a custom readiness rule on a custom path', async () => {
    const engine = track(
      fakeEngineSpec(['--mode', 'llamacpp'], {
        health: { path: '/missing', ready: (status) => status === 404, intervalMs: 20 },
      }),
    );
    await engine.start();
    await waitForLine(engine, 'fake-engine: GET /missing 404');
  });

  it('substitutes {port}, {host} and {model} in args and env, and gives env to this process only', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'engine-supervisor-'));
    const model = join(directory, 'model.gguf');
    await writeFile(model, 'not really a model');
    const engine = track(
      fakeEngineSpec(['--model', '{model}', '--print-env', 'ENGINE_TEST_VAR'], {
        model,
        env: { ENGINE_TEST_VAR: 'port={port} host={host}' },
      }),
    );
    await engine.start();
    await waitForLine(engine, `fake-engine: env ENGINE_TEST_VAR=port=${engine.port} host=127.0.0.1`);
    await waitForLine(engine, `fake-engine: pid ${engine.pid} mode llamacpp port ${engine.port}`);
    expect(process.env.ENGINE_TEST_VAR).toBeUndefined();
  });

  it('stops with SIGTERM to the process group, grandchildren included, and reports the exit as expected', async () => {
    const engine = track(fakeEngineSpec(['--spawn-child']));
    await engine.start();
    const pid = engine.pid ?? 0;
    const isChildLine = (line: string) => line.startsWith('fake-engine: child pid');
    await waitFor(() => engine.logTail().some((entry) => isChildLine(entry.line)), 15_000, 'the child pid');
    const childLine = engine.logTail().find((entry) => isChildLine(entry.line));
    const grandchild = Number(childLine?.line.split(' ').at(-1));
    expect(isProcessAlive(grandchild)).toBe(true);
    const exits: EngineExit[] = [];
    engine.on('exit', (exit) => exits.push(exit));

    await engine.stop();

    expect(engine.status).toBe('stopped');
    expect(engine.pid).toBeUndefined();
    expect(isProcessAlive(pid)).toBe(false);
    await waitFor(() => !isProcessAlive(grandchild), 10_000, 'the grandchild to die');
    expect(exits).toEqual([{ pid, code: 0, signal: null, expected: true, during: 'stopping' }]);
    expect(engine.logTail().at(-1)?.line).toBe('fake-engine: SIGTERM, shutting down');
  });

  it('sends SIGKILL to an engine that ignores SIGTERM once the stop timeout has passed', async () => {
    const engine = track(fakeEngineSpec(['--ignore-sigterm'], { stopTimeoutMs: 300 }));
    await engine.start();
    const pid = engine.pid ?? 0;
    const exits: EngineExit[] = [];
    engine.on('exit', (exit) => exits.push(exit));
    await engine.stop();
    expect(isProcessAlive(pid)).toBe(false);
    // Only SIGKILL ends it: a clean SIGTERM exit would be code 0 with no signal.
    expect(exits).toEqual([expect.objectContaining({ pid, code: null, signal: 'SIGKILL', expected: true })]);
  });

  it('fails fast with the exit code and the log tail when the process exits during start', async () => {
    const engine = track(fakeEngineSpec(['--exit-at-start', '3', '--load-ms', '60000']));
    const statuses = recordStatuses(engine);
    const error = await startFailure(engine);
    expect(error.code).toBe('exited_during_start');
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('exited during start with code 3');
    expect(error.message).toContain('fake-engine: error: refusing to start (--exit-at-start)');
    expect(error.logTail.map((entry) => entry.stream)).toContain('stderr');
    expect(engine.status).toBe('crashed');
    expect(engine.reason).toContain('exited during start with code 3');
    expect(statuses).toEqual(['starting', 'crashed']);
  });

  it('fails at once, naming the path, when the binary does not exist', async () => {
    const engine = track(fakeEngineSpec([], { command: '/nonexistent/bin/llama-server' }));
    const error = await startFailure(engine);
    expect(error.code).toBe('binary_not_found');
    expect(error.message).toContain('/nonexistent/bin/llama-server');
    expect(engine.status).toBe('crashed');
    expect(engine.pid).toBeUndefined();
  });

  it('fails at once when a bare command name is not on PATH', async () => {
    const engine = track(fakeEngineSpec([], { command: 'no-such-engine-binary-xyz' }));
    const error = await startFailure(engine);
    expect(error.code).toBe('binary_not_found');
    expect(error.message).toContain('"no-such-engine-binary-xyz" was not found on PATH');
  });

  it('fails at once when the binary is not executable', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'engine-supervisor-'));
    const binary = join(directory, 'engine');
    await writeFile(binary, '#!/bin/sh\necho hi\n');
    await chmod(binary, 0o644);
    const error = await startFailure(track(fakeEngineSpec([], { command: binary, args: [] })));
    expect(error.code).toBe('binary_not_executable');
    expect(error.message).toContain(binary);
  });

  it('fails when the working directory does not exist', async () => {
    const error = await startFailure(track(fakeEngineSpec([], { cwd: '/nonexistent/engine-cwd' })));
    expect(error.code).toBe('cwd_not_found');
    expect(error.message).toContain('/nonexistent/engine-cwd');
  });

  it('rejects {model} without a model as an invalid launch spec', async () => {
    const error = await startFailure(track(fakeEngineSpec(['--model', '{model}'])));
    expect(error.code).toBe('invalid_launch_spec');
    expect(error.message).toContain('{model}');
  });

  it('stops an engine that is not ready within the start timeout and says what the last probe saw', async () => {
    const engine = track(fakeEngineSpec(['--load-ms', '60000'], { startTimeoutMs: 400 }));
    const pids: number[] = [];
    engine.on('exit', (exit) => pids.push(exit.pid));
    const error = await startFailure(engine);
    expect(error.code).toBe('start_timeout');
    expect(error.message).toContain('was not ready within 400 ms');
    // Under load the fake engine may not even listen within 400 ms: either way the last probe is named.
    expect(error.message).toMatch(
      /\(last health probe of http:\/\/127\.0\.0\.1:\d+\/health: (HTTP 503|ECONNREFUSED|ECONNRESET|probe timed out)\)/,
    );
    expect(pids).toHaveLength(1);
    expect(isProcessAlive(pids[0] ?? 0)).toBe(false);
    expect(engine.status).toBe('crashed');
  });

  it('marks a ready engine that exits unexpectedly as crashed, with the exit in the reason', async () => {
    const engine = track(fakeEngineSpec(['--crash-after-ms', '200', '--crash-code', '70']));
    await engine.start();
    const exits: EngineExit[] = [];
    engine.on('exit', (exit) => exits.push(exit));
    await waitFor(() => engine.status === 'crashed', 15_000, 'the crash');
    expect(engine.reason).toBe('exited unexpectedly with code 70');
    // The crash is reported at the exit itself; the exit event follows once the last output lines are read.
    expect(engine.pid).toBeUndefined();
    await waitFor(() => exits.length > 0, 5_000, 'the exit event');
    expect(exits).toEqual([expect.objectContaining({ code: 70, expected: false, during: 'ready' })]);
    expect(engine.logTail().at(-1)?.line).toBe('fake-engine: fatal: simulated crash');
  });

  it('shares one start between concurrent start() calls', async () => {
    const engine = track(fakeEngineSpec(['--load-ms', '200']));
    let spawned = 0;
    engine.on('status', (change) => {
      if (change.status === 'starting') spawned += 1;
    });
    await Promise.all([engine.start(), engine.start(), engine.start()]);
    expect(spawned).toBe(1);
    expect(engine.logTail().filter((entry) => entry.line.startsWith('fake-engine: pid'))).toHaveLength(1);
  });

  it('aborts a start when stop() is called while loading, leaving no process', async () => {
    const engine = track(fakeEngineSpec(['--load-ms', '60000']));
    const pids: number[] = [];
    engine.on('exit', (exit) => pids.push(exit.pid));
    const starting = engine.start();
    await waitFor(() => engine.pid !== undefined, 15_000, 'the spawn');
    const pid = engine.pid ?? 0;
    await engine.stop();
    await expect(starting).rejects.toMatchObject({ code: 'stopped_during_start' });
    expect(engine.status).toBe('stopped');
    expect(isProcessAlive(pid)).toBe(false);
    expect(pids).toEqual([pid]);
  });

  it('starts again after a stop', async () => {
    const engine = track(fakeEngineSpec());
    await engine.start();
    const first = engine.pid;
    await engine.stop();
    await engine.start();
    expect(engine.status).toBe('ready');
    expect(engine.pid).not.toBe(first);
  });

  it('reuses a healthy server already on a fixed port, and does not kill it on stop', async () => {
    const port = await findFreePort();
    const owner = track(fakeEngineSpec([], { port }));
    await owner.start();
    const second = track(fakeEngineSpec([], { port }));
    const ready: boolean[] = [];
    second.on('ready', (event) => ready.push(event.reused));

    await second.start();
    expect(second.status).toBe('ready');
    expect(second.reused).toBe(true);
    expect(second.pid).toBeUndefined();
    expect(second.url).toBe(`http://127.0.0.1:${port}`);
    expect(ready).toEqual([true]);

    await second.stop();
    expect(second.status).toBe('stopped');
    expect(isProcessAlive(owner.pid ?? 0)).toBe(true);
    expect((await fetch(`${owner.url}/health`)).status).toBe(200);
  });

  it('starts its own copy on a fixed port when reuse is turned off and nothing answers there', async () => {
    const port = await findFreePort();
    const engine = track(fakeEngineSpec([], { port, reuseExisting: false }));
    await engine.start();
    expect(engine.reused).toBe(false);
    expect(engine.port).toBe(port);
    await waitForLine(engine, `fake-engine: pid ${engine.pid} mode llamacpp port ${port}`);
  });

  it('runs the engine without the watchdog when asked, still in its own process group', async () => {
    const engine = track(fakeEngineSpec([], { watchdog: false }));
    await engine.start();
    const pid = engine.pid ?? 0;
    await waitForLine(engine, `fake-engine: pid ${pid} mode llamacpp port ${engine.port}`);
    await engine.stop();
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('hides secret flag values and secret env values from logs and the log tail (OC-ADAPT-6020)', async () => {
    const logged: Array<Record<string, unknown>> = [];
    const engine = track(
      fakeEngineSpec(['--api-key', 'sk-test-secret-flag-123', '--print-env', 'ENGINE_API_KEY'], {
        env: { ENGINE_API_KEY: 'env-secret-value-456' },
      }),
      { logger: { info: (message, fields) => logged.push({ message, ...fields }), warn: () => {} } },
    );
    await engine.start();
    const spawnLine = logged.find((fields) => fields.message === 'engine spawned');
    expect(spawnLine?.args).toContain('[REDACTED]');
    await waitForLine(engine, 'fake-engine: env ENGINE_API_KEY=[REDACTED]');
    expect(JSON.stringify(logged)).not.toContain('sk-test-secret-flag-123');
    expect(JSON.stringify(logged)).not.toContain('env-secret-value-456');
  });
});
