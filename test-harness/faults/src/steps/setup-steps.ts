import { Given } from '@cucumber/cucumber';
import { startLlamaServer } from '@orch/engine-testkit';
import { type FakeEngine, isFakeEngineKind, startFakeEngine } from '@orch/fake-engines';
import type { ReplicaLayout } from '../fault-table/fault-row.js';
import { defaultPoolSettings, FAULT_MODEL, type ReplicaRole } from '../support/fault-orchestrator-config.js';
import type { FaultWorld } from '../support/fault-world.js';

type FaultKnobs = Parameters<FakeEngine['setFaults']>[0];

/** A wider tiny model: it decodes slowly enough that a kill after the first tokens lands mid-stream. */
const SLOW_TINY_MODEL = {
  contextLength: 8_192,
  embeddingLength: 512,
  blockCount: 6,
  feedForwardLength: 1_024,
  headCount: 8,
};

function rolesOf(layout: ReplicaLayout): ReplicaRole[] {
  return layout === 'faulty' ? ['faulty'] : ['faulty', 'healthy'];
}

function parseKnobs(json: string): FaultKnobs {
  const knobs: unknown = JSON.parse(json);
  if (typeof knobs !== 'object' || knobs === null)
    throw new Error(`fault knobs must be a JSON object: ${json}`);
  return knobs as FaultKnobs;
}

async function setUpFakePool(world: FaultWorld, kind: string, layout: ReplicaLayout): Promise<void> {
  if (!isFakeEngineKind(kind)) throw new Error(`no fake engine "${kind}"`);
  const pool = defaultPoolSettings(kind, layout);
  world.pool = pool;
  world.engineLabel = `${kind} (fake)`;
  for (const role of rolesOf(layout)) {
    const fake = await startFakeEngine(kind, { model: FAULT_MODEL, defaultSeed: 1 });
    world.fakes.set(role, fake);
    pool.urls[role] = fake.url;
  }
}

async function setUpLlamaServerPool(world: FaultWorld, layout: ReplicaLayout): Promise<void> {
  const pool = defaultPoolSettings('llamacpp', layout);
  world.pool = pool;
  // A real engine under a loaded machine: give it time for its first token and between tokens.
  pool.timeouts = { ttft_ms: 10_000, idle_ms: 5_000 };
  world.engineLabel = 'llama-server';
  const roles = rolesOf(layout);
  const servers = await Promise.all(
    roles.map(() =>
      startLlamaServer({ seed: 3, slots: 1, contextSize: 8_192, model: SLOW_TINY_MODEL, threads: 1 }),
    ),
  );
  roles.forEach((role, index) => {
    const server = servers[index];
    if (server === undefined) return;
    world.llamaServers.set(role, server);
    pool.urls[role] = server.url;
  });
}

Given('a pool with a faulty fake {string} replica', async function (this: FaultWorld, kind: string) {
  await setUpFakePool(this, kind, 'faulty');
});

Given(
  'a pool with a faulty and a healthy fake {string} replica',
  async function (this: FaultWorld, kind: string) {
    await setUpFakePool(this, kind, 'faulty + healthy');
  },
);

Given('a pool with a faulty llama-server replica', { timeout: 60_000 }, async function (this: FaultWorld) {
  await setUpLlamaServerPool(this, 'faulty');
});

Given(
  'a pool with a faulty and a healthy llama-server replica',
  { timeout: 60_000 },
  async function (this: FaultWorld) {
    await setUpLlamaServerPool(this, 'faulty + healthy');
  },
);

Given("the pool's breaker opens after {int} failed attempt(s)", function (this: FaultWorld, volume: number) {
  this.poolSettings.breaker = { volume_threshold: volume, error_threshold_percentage: 50 };
});

Given('health probes run every {int} ms', function (this: FaultWorld, intervalMs: number) {
  this.poolSettings.healthIntervalMs = intervalMs;
});

Given("the pool's idle timeout is {int} ms", function (this: FaultWorld, idleMs: number) {
  this.poolSettings.timeouts.idle_ms = idleMs;
});

Given('the faulty replica starts with the fault {string}', async function (this: FaultWorld, json: string) {
  if (this.orchestrator !== undefined) throw new Error('the orchestrator is already running');
  await this.fake('faulty').setFaults(parseKnobs(json));
  this.injection = json;
});

Given('the orchestrator is running', async function (this: FaultWorld) {
  await this.startOrchestrator();
});

Given('the faulty replica gets the fault {string}', async function (this: FaultWorld, json: string) {
  await this.fake('faulty').setFaults(parseKnobs(json));
  this.injection = json;
});

Given('the faulty replica is killed with SIGKILL', async function (this: FaultWorld) {
  const server = this.llamaServers.get('faulty');
  if (server === undefined) throw new Error('the faulty replica is not a llama-server');
  server.kill('SIGKILL');
  await server.exited;
  this.injection = 'SIGKILL before the task';
});
