import { describe, expect, it } from 'vitest';
import { checkEngineImports, isEnginePackage } from './check-engine-imports.js';

function workspace(files: Record<string, string>) {
  return { files: Object.keys(files).sort(), readFile: (path: string) => files[path] as string };
}

describe('checkEngineImports', () => {
  it('names the engine packages: every @orch/adapter-* but the contract and the utils', () => {
    expect(isEnginePackage('@orch/adapter-vllm-http')).toBe(true);
    expect(isEnginePackage('@orch/adapter-mock')).toBe(true);
    expect(isEnginePackage('@orch/adapter-api')).toBe(false);
    expect(isEnginePackage('@orch/adapter-utils')).toBe(false);
    expect(isEnginePackage('@orch/engine-supervisor')).toBe(false);
  });

  it('lets only the composition root import engine packages', () => {
    const { files, readFile } = workspace({
      'apps/orchestrator/src/engine-modules.ts': "import { vllmModule } from '@orch/adapter-vllm-http';",
      'apps/orchestrator/src/pools/create-pools.ts': "import { TaskError } from '@orch/adapter-api';",
      'packages/fake-engines/src/x.ts': "import { vllmModule } from '@orch/adapter-vllm-http';",
    });
    expect(checkEngineImports(files, readFile)).toEqual([]);
  });

  it('refuses a planted engine import anywhere else in the orchestrator, type-only and test files too', () => {
    const { files, readFile } = workspace({
      'apps/orchestrator/src/engine-modules.ts': '',
      'apps/orchestrator/src/pools/create-pools.ts':
        "import { TaskError } from '@orch/adapter-api';\nimport { createVllmAdapter } from '@orch/adapter-vllm-http';",
      'apps/orchestrator/src/config/x.test.ts': "import type { MockAdapter } from '@orch/adapter-mock/sub';",
    });
    expect(checkEngineImports(files, readFile)).toEqual([
      'apps/orchestrator/src/config/x.test.ts:1 imports @orch/adapter-mock: only apps/orchestrator/src/engine-modules.ts imports engine packages (use its modules)',
      'apps/orchestrator/src/pools/create-pools.ts:2 imports @orch/adapter-vllm-http: only apps/orchestrator/src/engine-modules.ts imports engine packages (use its modules)',
    ]);
  });
});
