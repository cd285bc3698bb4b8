import { CONTRACT_VERSION, silentLogger } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { checkEngineModules } from './config/check-engine-modules.js';
import { ENGINE_MODULES } from './engine-modules.js';

describe('the engine modules of this build', () => {
  it('are the seven engines, each once, built against this adapter contract', () => {
    expect(ENGINE_MODULES.map((module) => module.engine).sort()).toEqual(
      ['llamacpp', 'mock', 'ollama', 'openai', 'tgi', 'triton', 'vllm'].sort(),
    );
    for (const module of ENGINE_MODULES) expect(module.contractVersion, module.engine).toBe(CONTRACT_VERSION);
    expect(() => checkEngineModules(ENGINE_MODULES)).not.toThrow();
  });

  it('each build an adapter named after their engine from default options', async () => {
    for (const module of ENGINE_MODULES) {
      const adapter = module.create({
        baseUrl: module.requiresUrl ? 'http://127.0.0.1:1' : undefined,
        model: 'm',
        apiKey: undefined,
        ttftTimeoutMs: 1_000,
        idleTimeoutMs: 1_000,
        options: module.optionsSchema.parse({}),
        logger: silentLogger,
      });
      expect(adapter.engine).toBe(module.engine);
      await adapter.close?.();
    }
  });

  it('need a URL, and can be launched, except the in-process mock', () => {
    const inProcess = ENGINE_MODULES.filter((module) => !module.requiresUrl).map((module) => module.engine);
    const unlaunchable = ENGINE_MODULES.filter((module) => module.healthPreset === undefined);
    expect(inProcess).toEqual(['mock']);
    expect(unlaunchable.map((module) => module.engine)).toEqual(['mock']);
  });

  it('have health presets that are ready on 200 only, Triton on /v2/health/ready', () => {
    const presets = ENGINE_MODULES.flatMap((module) => (module.healthPreset ? [module.healthPreset] : []));
    for (const preset of presets) {
      expect(preset.readyStatuses).toContain(200);
      expect([400, 404, 500, 503].some((status) => preset.readyStatuses.includes(status))).toBe(false);
      expect(preset.path.startsWith('/')).toBe(true);
    }
    const triton = ENGINE_MODULES.find((module) => module.engine === 'triton');
    expect(triton?.healthPreset).toMatchObject({ path: '/v2/health/ready', whileLoading: '400 not ready' });
  });
});

describe('checkEngineModules', () => {
  const [first, second] = ENGINE_MODULES as [
    (typeof ENGINE_MODULES)[number],
    (typeof ENGINE_MODULES)[number],
  ];

  it('refuses two modules with the same engine name', () => {
    expect(() => checkEngineModules([first, { ...second, engine: first.engine }])).toThrow(
      `two engine modules are named "${first.engine}"`,
    );
  });

  it('refuses a module built against another major version of the contract', () => {
    expect(() => checkEngineModules([{ ...first, contractVersion: '0.9.0' }])).toThrow(
      /built against adapter contract 0\.9\.0/,
    );
  });

  it('refuses an empty list', () => {
    expect(() => checkEngineModules([])).toThrow(/at least one/);
  });
});
