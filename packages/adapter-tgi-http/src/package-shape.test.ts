import { existsSync, readFileSync } from 'node:fs';
import { CONTRACT_VERSION } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import * as tgiPackage from './index.js';

const packageRoot = new URL('../', import.meta.url);

describe('adapter package shape (STYLE.md "Adapters")', () => {
  it('has the files every adapter package has', () => {
    for (const file of [
      'src/index.ts',
      'src/tgi-adapter.ts',
      'src/tgi-module.ts',
      'src/tgi-api-types.ts',
      'src/convert-to-tgi-request.ts',
      'src/map-tgi-finish-reason.ts',
      'src/__fixtures__',
      'README.md',
    ]) {
      expect(existsSync(new URL(file, packageRoot)), file).toBe(true);
    }
  });

  it('exports createTgiAdapter from its index', () => {
    const adapter = tgiPackage.createTgiAdapter({ baseUrl: 'http://127.0.0.1:1', model: 'm' });
    expect(adapter.engine).toBe('tgi');
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

describe('tgi module', () => {
  it('exports the engine module, named after the engine and built against this contract', () => {
    expect(tgiPackage.tgiModule.engine).toBe('tgi');
    expect(tgiPackage.tgiModule.contractVersion).toBe(CONTRACT_VERSION);
  });
});
