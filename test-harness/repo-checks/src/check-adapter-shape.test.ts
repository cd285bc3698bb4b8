import { describe, expect, it } from 'vitest';
import { checkAdapterShape, engineOfAdapterDir, needsFullShape } from './check-adapter-shape.js';
import { createTestWorkspace } from './test-workspace.js';

function fullAdapter(dir: string, engine: string, index: string) {
  return {
    dir,
    files: {
      'README.md': '# adapter',
      'src/index.ts': index,
      [`src/${engine}-adapter.ts`]: '',
      [`src/${engine}-module.ts`]: '',
      [`src/${engine}-api-types.ts`]: '',
      [`src/convert-to-${engine}-request.ts`]: '',
      [`src/map-${engine}-finish-reason.ts`]: '',
      'src/__fixtures__/stream.sse': '',
    },
  };
}

describe('engineOfAdapterDir and needsFullShape', () => {
  it('name the engine after the folder without adapter- and -http', () => {
    expect(engineOfAdapterDir('packages/adapter-llamacpp-http')).toBe('llamacpp');
    expect(engineOfAdapterDir('packages/adapter-triton')).toBe('triton');
    expect(needsFullShape('packages/adapter-vllm-http')).toBe(true);
    expect(needsFullShape('packages/adapter-triton')).toBe(true);
    expect(needsFullShape('packages/adapter-mock')).toBe(true);
    expect(needsFullShape('packages/adapter-grpc-thing')).toBe(false);
  });
});

describe('checkAdapterShape', () => {
  it('accepts complete adapters, following export * to find the factory', () => {
    const { packages, readFile } = createTestWorkspace([
      fullAdapter(
        'packages/adapter-vllm-http',
        'vllm',
        "export { createVllmAdapter } from './vllm-adapter.js';\nexport { vllmModule } from './vllm-module.js';",
      ),
      {
        ...fullAdapter('packages/adapter-triton', 'triton', "export * from './triton-adapter.js';"),
        files: {
          ...fullAdapter('packages/adapter-triton', 'triton', '').files,
          'src/index.ts': "export * from './triton-adapter.js';\nexport * from './triton-module.js';",
          'src/triton-adapter.ts': 'export function createTritonAdapter() {}',
          'src/triton-module.ts': 'export const tritonModule = {};',
        },
      },
      { dir: 'packages/adapter-api', files: { 'src/index.ts': '' } },
      { dir: 'packages/adapter-utils', files: { 'src/index.ts': '' } },
    ]);
    expect(checkAdapterShape(packages, readFile)).toEqual([]);
  });

  it('asks no finish-reason map of an adapter that streams through the shared OpenAI-compatible translator', () => {
    const withoutMap = (dir: string, engine: string) =>
      Object.fromEntries(
        Object.entries(fullAdapter(dir, engine, '').files).filter(
          ([path]) => path !== `src/map-${engine}-finish-reason.ts`,
        ),
      );
    const { packages, readFile } = createTestWorkspace([
      {
        dir: 'packages/adapter-vllm-http',
        files: {
          ...withoutMap('packages/adapter-vllm-http', 'vllm'),
          'src/index.ts':
            "export { createVllmAdapter } from './vllm-adapter.js';\nexport { vllmModule } from './vllm-module.js';",
          'src/vllm-adapter.ts': 'createOpenAiStreamTranslator({ client, route });',
        },
      },
      {
        dir: 'packages/adapter-tgi-http',
        files: {
          ...withoutMap('packages/adapter-tgi-http', 'tgi'),
          'src/index.ts':
            "export { createTgiAdapter } from './tgi-adapter.js';\nexport { tgiModule } from './tgi-module.js';",
        },
      },
    ]);
    expect(checkAdapterShape(packages, readFile)).toEqual([
      'packages/adapter-tgi-http lacks a file src/map-tgi-finish-reason.ts',
    ]);
  });

  it('names every missing file, an empty fixtures folder and a missing or misnamed factory', () => {
    const { packages, readFile } = createTestWorkspace([
      {
        dir: 'packages/adapter-tgi-http',
        files: { 'src/index.ts': 'export const x = 1;', 'src/tgi-adapter.ts': '' },
      },
      {
        dir: 'packages/adapter-ollama-http',
        files: {
          ...fullAdapter('packages/adapter-ollama-http', 'ollama', '').files,
          'src/index.ts':
            "export { createVllmAdapter } from './ollama-adapter.js';\nexport { vllmModule } from './ollama-module.js';",
        },
      },
    ]);
    expect(checkAdapterShape(packages, readFile)).toEqual([
      'packages/adapter-tgi-http lacks a file README.md',
      'packages/adapter-tgi-http lacks a file src/tgi-module.ts',
      'packages/adapter-tgi-http lacks a file src/tgi-api-types.ts',
      'packages/adapter-tgi-http lacks a file src/convert-to-tgi-request.ts',
      'packages/adapter-tgi-http lacks a file src/map-tgi-finish-reason.ts',
      'packages/adapter-tgi-http lacks a non-empty folder src/__fixtures__/',
      'packages/adapter-tgi-http/src/index.ts exports no create…Adapter function (expected create<Engine>Adapter)',
      'packages/adapter-tgi-http/src/index.ts exports no tgi module (expected <engine>Module from tgi-module.ts)',
      'packages/adapter-ollama-http/src/index.ts exports createVllmAdapter, none named after the engine "ollama"',
      'packages/adapter-ollama-http/src/index.ts exports no ollama module (expected <engine>Module from ollama-module.ts)',
    ]);
  });
});
