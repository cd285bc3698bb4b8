import { existsSync, readFileSync } from 'node:fs';
import { CONTRACT_VERSION } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import * as vllmPackage from './index.js';

const packageRoot = new URL('../', import.meta.url);

describe('adapter package shape (STYLE.md "Adapters")', () => {
  it('has the files every adapter package has', () => {
    for (const file of [
      'src/index.ts',
      'src/vllm-adapter.ts',
      'src/vllm-module.ts',
      'src/vllm-api-types.ts',
      'src/convert-to-vllm-request.ts',
      'src/__fixtures__',
      'README.md',
    ]) {
      expect(existsSync(new URL(file, packageRoot)), file).toBe(true);
    }
  });

  it('exports createVllmAdapter from its index', () => {
    expect(typeof vllmPackage.createVllmAdapter).toBe('function');
    const adapter = vllmPackage.createVllmAdapter({ baseUrl: 'http://127.0.0.1:1', model: 'm' });
    expect(adapter.engine).toBe('vllm');
  });

  it('depends on the contract and the shared utils only, never on another adapter or the orchestrator', () => {
    const manifest = JSON.parse(readFileSync(new URL('package.json', packageRoot), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const workspaceDependencies = Object.keys(manifest.dependencies ?? {}).filter((name) =>
      name.startsWith('@orch/'),
    );
    expect(workspaceDependencies.sort()).toEqual(['@orch/adapter-api', '@orch/adapter-utils']);
  });
});

describe('vllm module', () => {
  it('exports the engine module, named after the engine and built against this contract', () => {
    expect(vllmPackage.vllmModule.engine).toBe('vllm');
    expect(vllmPackage.vllmModule.contractVersion).toBe(CONTRACT_VERSION);
  });
});
