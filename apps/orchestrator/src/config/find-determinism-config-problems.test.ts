import { describe, expect, it } from 'vitest';
import { ENGINE_MODULES } from '../engine-modules.js';
import { findDeterminismConfigProblems } from './find-determinism-config-problems.js';
import { parseConfig } from './parse-config.js';

const moduleOf = (engine: string) => {
  const found = ENGINE_MODULES.find((module) => module.engine === engine);
  if (found === undefined) throw new Error(`no ${engine} module`);
  return found;
};
const openAiModule = moduleOf('openai');
const llamaCppModule = moduleOf('llamacpp');

function configText(engine: string, replicaExtra: string): string {
  return `
pools:
  - id: p
    model: p
    engine: ${engine}
    replicas:
      - id: r0
        url: http://127.0.0.1:8081
${replicaExtra}`;
}

describe('deterministic replicas in the config (ORCH-DET-040)', () => {
  it('accepts deterministic and batch_invariant on a llama.cpp replica', () => {
    const config = parseConfig(
      configText('llamacpp', '        deterministic: true\n        batch_invariant: true\n'),
      'orch.yaml',
      ENGINE_MODULES,
    );
    expect(config.pools[0]?.replicas[0]).toMatchObject({ deterministic: true, batch_invariant: true });
  });

  it('refuses a deterministic OpenAI-compatible replica at load time', () => {
    expect(() =>
      parseConfig(configText('openai', '        deterministic: true\n'), 'orch.yaml', ENGINE_MODULES),
    ).toThrow(
      /pools\[0\]\.replicas\[0\]\.deterministic: an OpenAI-compatible service promises no reproducible/,
    );
  });

  it('refuses a deterministic llama.cpp replica with the prompt cache on', () => {
    expect(() =>
      parseConfig(
        configText('llamacpp', '        deterministic: true\n        options: { cache_prompt: true }\n'),
        'orch.yaml',
        ENGINE_MODULES,
      ),
    ).toThrow(/replicas\[0\]\.options: cache_prompt: true makes llama\.cpp results depend/);
  });

  it('finds nothing to object to in a replica that is not declared deterministic', () => {
    expect(findDeterminismConfigProblems(openAiModule, { options: {} })).toEqual([]);
    expect(
      findDeterminismConfigProblems(llamaCppModule, {
        deterministic: false,
        options: { cache_prompt: true },
      }),
    ).toEqual([]);
  });
});
