import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ENGINE_MODULES } from '../engine-modules.js';
import { createDefaultConfig } from './default-config.js';
import { parseConfig } from './parse-config.js';

const valid = `
pools:
  - id: tiny
    model: tiny
    engine: llamacpp
    replicas:
      - id: r0
        url: http://127.0.0.1:8081
`;

describe('parseConfig (ORCH-CFG-001)', () => {
  it('accepts the documented shape and fills defaults', () => {
    const config = parseConfig(valid, 'orch.yaml', ENGINE_MODULES);
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(config.pools[0]).toMatchObject({ id: 'tiny', engine: 'llamacpp', default_max_tokens: 256 });
    expect(config.pools[0]?.timeouts).toEqual({ ttft_ms: 60_000, idle_ms: 30_000 });
  });

  it.each([
    ['not YAML', 'pools: [', /not valid YAML/],
    ['a list at the top level', '- a', /expected a mapping/],
    ['no pools', 'server: {}', /pools: /],
    ['an unknown engine', valid.replace('llamacpp', 'gpt'), /pools\[0\]\.engine: /],
    [
      'a replica without url',
      valid.replace('        url: http://127.0.0.1:8081\n', ''),
      /pools\[0\]\.replicas\[0\]\.url: required/,
    ],
    [
      'a bad url',
      valid.replace('http://127.0.0.1:8081', 'ftp://x'),
      /pools\[0\]\.replicas\[0\]\.url: expected an http/,
    ],
    [
      'an unknown field',
      valid.replace('engine: llamacpp', 'engine: llamacpp\n    enigne: x'),
      /pools\[0\]: .*enigne/,
    ],
    ['a negative port', `server: { port: -1 }\n${valid}`, /server\.port: /],
    [
      'a duplicate replica id',
      `${valid}      - id: r0\n        url: http://127.0.0.1:8082\n`,
      /replicas\[1\]\.id: duplicate replica id "r0"/,
    ],
    [
      'a duplicate model',
      `${valid}  - id: other\n    model: tiny\n    engine: mock\n    replicas: [{ id: a }]\n`,
      /pools\[1\]\.model: model "tiny" is already served/,
    ],
    [
      'an id with spaces',
      valid.replace('id: tiny', 'id: "my pool"'),
      /pools\[0\]\.id: expected 1-64 letters/,
    ],
  ])('refuses %s, naming the field and the file', (_name, text, pattern) => {
    expect(() => parseConfig(text, 'orch.yaml', ENGINE_MODULES)).toThrowError(pattern);
    expect(() => parseConfig(text, 'orch.yaml', ENGINE_MODULES)).toThrowError(/^orch\.yaml: /);
  });

  it('has an embedded default with a mock pool named mock', () => {
    const config = createDefaultConfig(ENGINE_MODULES);
    expect(config.pools.map((pool) => [pool.id, pool.engine])).toEqual([['mock', 'mock']]);
  });

  it('takes its engines from the module list: a new module is one more engine, its options checked by path', () => {
    const [mock] = ENGINE_MODULES as [(typeof ENGINE_MODULES)[number]];
    const echo = {
      ...mock,
      engine: 'echo',
      optionsSchema: z.strictObject({ voice: z.enum(['low', 'high']) }),
    };
    const text = (voice: string) =>
      `pools:\n  - id: e\n    model: e\n    engine: echo\n    replicas:\n      - id: r0\n      - id: r1\n        options: { voice: ${voice} }\n`;
    expect(() => parseConfig(text('high'), 'orch.yaml', ENGINE_MODULES)).toThrowError(/pools\[0\]\.engine: /);
    expect(() => parseConfig(text('loud'), 'orch.yaml', [echo])).toThrowError(
      /pools\[0\]\.replicas\[1\]\.options\.voice: /,
    );
    const config = parseConfig(text('high').replace('      - id: r0\n', ''), 'orch.yaml', [echo]);
    expect(config.pools[0]?.engine_module).toBe(echo);
    expect(config.pools[0]?.replicas[0]?.options).toEqual({ voice: 'high' });
  });
});
