import { describe, expect, it } from 'vitest';
import { checkDependencyRules } from './check-dependency-rules.js';
import { createTestWorkspace } from './test-workspace.js';

const api = { dir: 'packages/adapter-api', files: { 'src/index.ts': "import { z } from 'zod';" } };
const utils = {
  dir: 'packages/adapter-utils',
  manifest: { dependencies: { '@orch/adapter-api': 'workspace:*' } },
  files: { 'src/index.ts': "import { TaskError } from '@orch/adapter-api';" },
};
const orchestrator = {
  dir: 'apps/orchestrator',
  manifest: { dependencies: { hono: '^4', 'prom-client': '^15', '@orch/adapter-vllm-http': 'workspace:*' } },
  files: {
    'src/main.ts':
      "import { Hono } from 'hono';\nimport { createVllmAdapter } from '@orch/adapter-vllm-http';",
  },
};
const testkit = { dir: 'test-harness/engines', files: { 'src/index.ts': 'export {};' } };

describe('checkDependencyRules', () => {
  it('accepts the layering of STYLE.md', () => {
    const vllm = {
      dir: 'packages/adapter-vllm-http',
      manifest: {
        dependencies: { '@orch/adapter-api': 'workspace:*', '@orch/adapter-utils': 'workspace:*', zod: '^4' },
        devDependencies: { '@orch/engines': 'workspace:*' },
      },
      files: {
        'src/vllm-adapter.ts':
          "import { runEngineStream } from '@orch/adapter-utils';\nimport { z } from 'zod';",
        'src/vllm-adapter.test.ts': "import { startLlamaServer } from '@orch/engines';",
      },
    };
    const { packages, readFile } = createTestWorkspace([api, utils, orchestrator, testkit, vllm]);
    expect(checkDependencyRules(packages, readFile)).toEqual([]);
  });

  it('refuses a contract that depends on or imports a workspace package', () => {
    const { packages, readFile } = createTestWorkspace([
      {
        ...api,
        manifest: { devDependencies: { '@orch/adapter-utils': 'workspace:*' } },
        files: { 'src/x.test.ts': "import { y } from '@orch/adapter-utils';" },
      },
      utils,
    ]);
    expect(checkDependencyRules(packages, readFile)).toEqual([
      'packages/adapter-api/package.json devDependencies lists workspace package @orch/adapter-utils: the contract depends on nothing in the workspace',
      'packages/adapter-api/src/x.test.ts:1 imports workspace package @orch/adapter-utils: the contract imports nothing from the workspace',
    ]);
  });

  it('refuses an adapter that depends on or imports another adapter or the orchestrator', () => {
    const tgi = {
      dir: 'packages/adapter-tgi-http',
      manifest: {
        dependencies: { '@orch/adapter-vllm-http': 'workspace:*' },
        devDependencies: { '@orch/orchestrator': 'workspace:*' },
      },
      files: {
        'src/tgi-adapter.ts':
          "import { x } from '@orch/adapter-vllm-http';\nimport { y } from '@orch/engines';",
        'src/tgi-adapter.test.ts': "import { createApp } from '@orch/orchestrator';",
      },
    };
    const vllm = { dir: 'packages/adapter-vllm-http', files: { 'src/index.ts': '' } };
    const { packages, readFile } = createTestWorkspace([api, utils, orchestrator, testkit, vllm, tgi]);
    expect(checkDependencyRules(packages, readFile)).toEqual([
      'packages/adapter-tgi-http/package.json dependencies lists @orch/adapter-vllm-http: adapters depend only on adapter-api and adapter-utils',
      'packages/adapter-tgi-http/package.json devDependencies lists @orch/orchestrator: adapters never depend on another adapter or an app',
      'packages/adapter-tgi-http/src/tgi-adapter.test.ts:1 imports @orch/orchestrator: adapters import only adapter-api and adapter-utils',
      'packages/adapter-tgi-http/src/tgi-adapter.ts:1 imports @orch/adapter-vllm-http: adapters import only adapter-api and adapter-utils',
      'packages/adapter-tgi-http/src/tgi-adapter.ts:2 imports @orch/engines: adapters import only adapter-api and adapter-utils',
    ]);
  });

  it('keeps hono, opossum and prom-client in the orchestrator, in manifests and in imports', () => {
    const fakes = {
      dir: 'packages/fake-engines',
      manifest: { dependencies: { '@hono/node-server': '^1' } },
      files: {
        'src/server.ts': "import { serve } from '@hono/node-server';\nconst c = await import('prom-client');",
      },
    };
    const { packages, readFile } = createTestWorkspace([orchestrator, fakes]);
    expect(checkDependencyRules(packages, readFile)).toEqual([
      'packages/fake-engines/package.json dependencies lists @hono/node-server: only apps/orchestrator may use it',
      'packages/fake-engines/src/server.ts:1 imports @hono/node-server: only apps/orchestrator may import it',
      'packages/fake-engines/src/server.ts:2 imports prom-client: only apps/orchestrator may import it',
    ]);
  });
});
