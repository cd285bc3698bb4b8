import { describe, expect, it } from 'vitest';
import { ENGINE_MODULES } from '../engine-modules.js';
import { resolveWorkerCount } from '../workers/resolve-worker-count.js';
import { parseConfig } from './parse-config.js';

const config = (workers: string, replica: string, cluster = '') => `
server: { workers: ${workers} }
${cluster}
pools:
  - id: tiny
    model: tiny
    engine: llamacpp
    replicas:
      - ${replica}
`;

const launched = '{ id: r0, launch: { command: llama-server, args: ["--port", "{port}"], model: /m.gguf } }';

describe('server.workers in the config (ORCH-CLU-080, ORCH-CLU-084)', () => {
  it('is 1 by default, a number, or auto (one per core)', () => {
    const url = '{ id: r0, url: "http://127.0.0.1:8081" }';
    expect(parseConfig(config('1', url), 'orch.yaml', ENGINE_MODULES).server.workers).toBe(1);
    expect(parseConfig(config('4', url), 'orch.yaml', ENGINE_MODULES).server.workers).toBe(4);
    expect(parseConfig(config('auto', url), 'orch.yaml', ENGINE_MODULES).server.workers).toBe('auto');
    expect(resolveWorkerCount('auto', () => 16)).toBe(16);
    expect(resolveWorkerCount(3, () => 16)).toBe(3);
    expect(() => parseConfig(config('0', url), 'orch.yaml', ENGINE_MODULES)).toThrow(/server\.workers/);
  });

  it('refuses managed engines with several workers and no cluster, so no engine is launched twice', () => {
    expect(() => parseConfig(config('2', launched), 'orch.yaml', ENGINE_MODULES)).toThrow(
      /pools\[0\]\.replicas\[0\]\.launch: managed engines .* `server\.workers` other than 1 need `cluster`/,
    );
    // With a fleet's Redis, the launch lease lets one worker launch it (ORCH-CLU-070).
    const fleet = 'cluster: { redis_url: "redis://127.0.0.1:6379" }';
    expect(
      parseConfig(config('2', launched, fleet), 'orch.yaml', ENGINE_MODULES).pools[0]?.replicas[0]?.launch,
    ).toBeDefined();
    expect(() => parseConfig(config('auto', launched), 'orch.yaml', ENGINE_MODULES)).toThrow(
      /server\.workers/,
    );
    expect(
      parseConfig(config('1', launched), 'orch.yaml', ENGINE_MODULES).pools[0]?.replicas[0]?.launch,
    ).toBeDefined();
  });
});
