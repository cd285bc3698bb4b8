import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningOrchestrator, startOrchestrator } from '../src/main.js';

const REQUEST_TIMEOUT_MS = 1_500;
const CONFIG = JSON.stringify({
  server: {
    headers_timeout_ms: 1_000,
    request_timeout_ms: REQUEST_TIMEOUT_MS,
    keep_alive_timeout_ms: 500,
    max_connections: 6,
    max_connections_per_client: 3,
  },
  pools: [{ id: 'm', model: 'm', engine: 'mock', replicas: [{ id: 'm-0' }] }],
});

let orchestrator: RunningOrchestrator;
let port: number;
const logLines: string[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-connections-'));
  const configPath = join(dir, 'orch.yaml');
  writeFileSync(configPath, CONFIG);
  orchestrator = await startOrchestrator({ configPath, port: 0, writeLog: (line) => logLines.push(line) });
  port = Number(new URL(orchestrator.url).port);
});
afterAll(() => orchestrator.shutdown(0));

/** A raw socket from `localAddress`, with everything it received and when it closed. */
function open(localAddress = '127.0.0.1') {
  const socket: Socket = connect({ host: '127.0.0.1', port, localAddress });
  const state = { received: '', closedAt: undefined as number | undefined };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    state.received += chunk;
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) =>
    socket.on('close', () => {
      state.closedAt = performance.now();
      resolve();
    }),
  );
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, state, closed, connected };
}

describe('server timeouts (ORCH-SEC-016)', () => {
  it('closes a socket whose body arrives drop by drop within the request timeout', async () => {
    const drip = open();
    await drip.connected;
    const startedAt = performance.now();
    drip.socket.write(
      `POST /v1/tasks HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: 10000\r\n\r\n`,
    );
    const dripper = setInterval(() => drip.socket.write(' '), 100);
    await Promise.race([drip.closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    clearInterval(dripper);
    drip.socket.destroy();
    expect(drip.state.closedAt).toBeDefined();
    const heldMs = (drip.state.closedAt as number) - startedAt;
    // Within the request timeout plus Node's once-a-second check, with a margin for a loaded machine.
    expect(heldMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(heldMs).toBeLessThan(REQUEST_TIMEOUT_MS + 3_000);
  }, 15_000);

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const client = open();
    await client.connected;
    const startedAt = performance.now();
    client.socket.write(`GET /healthz HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`);
    await Promise.race([client.closed, new Promise((resolve) => setTimeout(resolve, 8_000))]);
    client.socket.destroy();
    expect(client.state.received).toMatch(/^HTTP\/1\.1 200/);
    // 500 ms configured; Node's own default (5 s) would miss this bound.
    expect((client.state.closedAt ?? Number.POSITIVE_INFINITY) - startedAt).toBeLessThan(4_000);
  }, 15_000);
});

describe('connection caps (ORCH-SEC-016)', () => {
  it('refuses one connection over the per-address cap with a complete 503 too_many_connections', async () => {
    const held = [open(), open(), open()];
    await Promise.all(held.map((socket) => socket.connected));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const extra = open();
    await extra.closed;
    expect(extra.state.received).toMatch(/^HTTP\/1\.1 503/);
    const body = extra.state.received.slice(extra.state.received.indexOf('\r\n\r\n') + 4);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'too_many_connections', retriable: true } });
    // Another address still gets in.
    const other = open('127.0.0.2');
    await other.connected;
    other.socket.write(`GET /healthz HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: close\r\n\r\n`);
    await other.closed;
    expect(other.state.received).toMatch(/^HTTP\/1\.1 200/);
    for (const socket of held) socket.socket.destroy();
    await Promise.all(held.map((socket) => socket.closed));
  });

  it('refuses one connection over the total cap, counts and logs the refusals', async () => {
    const held = ['127.0.0.3', '127.0.0.3', '127.0.0.3', '127.0.0.4', '127.0.0.4', '127.0.0.4'].map(open);
    await Promise.all(held.map((socket) => socket.connected));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const extra = open('127.0.0.5');
    await extra.closed;
    expect(extra.state.received).toMatch(/^HTTP\/1\.1 503/);
    for (const socket of held) socket.socket.destroy();
    await Promise.all(held.map((socket) => socket.closed));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const metrics = await (await fetch(`${orchestrator.url}/metrics`)).text();
    expect(metrics).toMatch(/orch_http_connections_refused_total\{reason="per_client"\} 1/);
    expect(metrics).toMatch(/orch_http_connections_refused_total\{reason="total"\} 1/);
    const logged = logLines.map((line) => JSON.parse(line) as { msg: string });
    expect(logged.some((line) => line.msg === 'connections refused: limit reached')).toBe(true);
  });
});
