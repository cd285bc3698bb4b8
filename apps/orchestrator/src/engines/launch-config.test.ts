import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { ENGINE_MODULES } from '../engine-modules.js';
import { resolveLaunch } from './resolve-launch.js';

const managed = (launch: string, extra = '') => `
pools:
  - id: tiny
    model: tiny
    engine: llamacpp
    replicas:
      - id: r0${extra}
        launch:
${launch
  .trim()
  .split('\n')
  .map((line) => `          ${line}`)
  .join('\n')}
`;

const basic = `
command: /opt/llama/llama-server
args: ["--host", "{host}", "--port", "{port}", "-m", "{model}", "--alias", "{pool_model}"]
model: /models/a.gguf
`;

function launchOf(text: string) {
  const pool = parseConfig(text, 'orch.yaml', ENGINE_MODULES).pools[0];
  const replica = pool?.replicas[0];
  if (pool === undefined || replica?.launch === undefined) throw new Error('no launch');
  return resolveLaunch(replica.launch, {
    poolId: pool.id,
    poolModel: pool.model,
    healthPreset: pool.engine_module.healthPreset,
    replicaId: replica.id,
    url: replica.url,
  });
}

describe('replica launch sections (ORCH-LIFE-001)', () => {
  it('accepts a launch instead of a url, persistent by default, with the engine health preset', () => {
    const launch = launchOf(managed(basic));
    expect(launch.mode).toBe('persistent');
    expect(launch.spec).toMatchObject({
      command: '/opt/llama/llama-server',
      args: ['--host', '{host}', '--port', '{port}', '-m', '{model}', '--alias', 'tiny'],
      model: '/models/a.gguf',
      health: { path: '/health' },
      reuseExisting: true,
    });
    expect(launch.spec.port).toBeUndefined();
    expect(launch.restart).toEqual({ base_ms: 1_000, max_ms: 30_000 });
  });

  it('takes host and port from the url, so a server already there is reused', () => {
    const launch = launchOf(managed(basic, '\n        url: http://127.0.0.1:8091'));
    expect(launch.spec).toMatchObject({ host: '127.0.0.1', port: 8091 });
  });

  it('applies the chosen variant over the base launch, merging env (ORCH-LIFE-002)', () => {
    const launch = launchOf(
      managed(`
${basic.trim()}
env: { LLAMA_LOG: "1", REPLICA: "{replica_id}" }
variant: gpu
variants:
  cpu: { args: ["-m", "{model}", "--port", "{port}", "-t", "8"] }
  gpu: { command: /opt/llama-cuda/llama-server, env: { CUDA_VISIBLE_DEVICES: "0" }, start_timeout_ms: 600000 }
`),
    );
    expect(launch.variant).toBe('gpu');
    expect(launch.spec.command).toBe('/opt/llama-cuda/llama-server');
    expect(launch.spec.args).toContain('--alias');
    expect(launch.spec.env).toEqual({ LLAMA_LOG: '1', REPLICA: 'r0', CUDA_VISIBLE_DEVICES: '0' });
    expect(launch.spec.startTimeoutMs).toBe(600_000);
  });

  it('maps health settings to a readiness rule', () => {
    const launch = launchOf(
      managed(`${basic.trim()}\nhealth: { kind: triton, ready_statuses: [200, 204], interval_ms: 100 }`),
    );
    expect(launch.spec.health).toMatchObject({ path: '/v2/health/ready', intervalMs: 100 });
    expect(launch.spec.health.ready?.(204)).toBe(true);
    expect(launch.spec.health.ready?.(400)).toBe(false);
  });

  it.each([
    [
      'a swap group on a persistent engine',
      `${basic}swap_group: gpu0`,
      /launch\.swap_group: a swap group needs `mode: lazy`/,
    ],
    [
      'an idle stop on a persistent engine',
      `${basic}idle_ms: 1000`,
      /launch\.idle_ms: an idle stop needs `mode: lazy`/,
    ],
    ['an unknown mode', `${basic}mode: sometimes`, /launch\.mode: /],
    [
      'an unknown variant',
      `${basic}variant: tpu\nvariants: { cpu: {} }`,
      /launch\.variant: unknown variant "tpu" \(declared: cpu\)/,
    ],
    [
      'variants without a choice',
      `${basic}variants: { cpu: {}, gpu: {} }`,
      /launch\.variant: choose one of the declared variants: cpu, gpu/,
    ],
    ['no command', 'model: /m.gguf', /launch\.command: required: the engine binary/],
    ['an unknown field', `${basic}comand: x`, /launch: .*comand/],
    ['a bad env name', `${basic}env: { "1X": "y" }`, /launch\.env/],
    [
      'a health path without a slash',
      `${basic}health: { path: health }`,
      /launch\.health\.path: expected a path/,
    ],
  ])('refuses %s, naming the field', (_name, launch, pattern) => {
    expect(() => parseConfig(managed(launch), 'orch.yaml', ENGINE_MODULES)).toThrowError(pattern);
  });

  it('refuses a port that contradicts the url, and a launch on the mock engine', () => {
    expect(() =>
      parseConfig(
        managed(`${basic}port: 9000`, '\n        url: http://127.0.0.1:8091'),
        'orch.yaml',
        ENGINE_MODULES,
      ),
    ).toThrowError(/launch\.port: 9000 differs from the port of url \(8091\)/);
    expect(() =>
      parseConfig(managed(basic).replace('engine: llamacpp', 'engine: mock'), 'orch.yaml', ENGINE_MODULES),
    ).toThrowError(/replicas\[0\]\.launch: the mock engine runs inside the orchestrator/);
  });
});
