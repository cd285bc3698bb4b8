import { existsSync, readFileSync } from 'node:fs';
import { CONTRACT_VERSION } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import * as openAiPackage from './index.js';

const packageRoot = new URL('../', import.meta.url);

describe('adapter package shape (STYLE.md "Adapters")', () => {
  it('has the files every adapter package has', () => {
    for (const file of [
      'src/index.ts',
      'src/openai-adapter.ts',
      'src/openai-module.ts',
      'src/openai-api-types.ts',
      'src/convert-to-openai-request.ts',
      'src/__fixtures__',
      'README.md',
    ]) {
      expect(existsSync(new URL(file, packageRoot)), file).toBe(true);
    }
  });

  it('exports createOpenAiAdapter from its index', () => {
    expect(typeof openAiPackage.createOpenAiAdapter).toBe('function');
    const adapter = openAiPackage.createOpenAiAdapter({ baseUrl: 'http://127.0.0.1:1', model: 'm' });
    expect(adapter.engine).toBe('openai');
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

describe('openai module', () => {
  it('exports the engine module, named after the engine and built against this contract', () => {
    expect(openAiPackage.openAiModule.engine).toBe('openai');
    expect(openAiPackage.openAiModule.contractVersion).toBe(CONTRACT_VERSION);
  });
});
