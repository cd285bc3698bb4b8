import { describe, expect, it } from 'vitest';
import { checkFolderCycles } from './check-folder-cycles.js';
import { findFolderCycles } from './find-folder-cycles.js';

const ROOT = 'apps/orchestrator/src';

function workspace(files: Record<string, string>) {
  const paths = Object.fromEntries(Object.entries(files).map(([path, text]) => [`${ROOT}/${path}`, text]));
  return { files: Object.keys(paths).sort(), readFile: (path: string) => paths[path] as string };
}

const layered = {
  'main.ts': "import { createPools } from './pools/create-pools.js';",
  'pools/create-pools.ts':
    "import { Pool } from './pool.js';\nimport { startEngine } from '../engines/start-engine.js';",
  'pools/pool.ts': "import { AdmissionQueue } from '../scheduling/admission-queue.js';",
  'engines/start-engine.ts': "import type { Logger } from '../logging/logger.js';",
  'scheduling/admission-queue.ts': 'export class AdmissionQueue {}',
  'logging/logger.ts': 'export interface Logger {}',
};

describe('findFolderCycles', () => {
  it('finds no cycle in folders layered one way', () => {
    const { files, readFile } = workspace(layered);
    expect(findFolderCycles(ROOT, files, readFile)).toEqual([]);
  });

  it('finds a planted transitive cycle and names the imports that close it; test files close none', () => {
    const { files, readFile } = workspace({
      ...layered,
      'logging/logger.ts': "import type { Pool } from '../pools/pool.js';",
      'scheduling/admission-queue.test.ts': "import { main } from '../main.js';",
    });
    expect(findFolderCycles(ROOT, files, readFile)).toEqual([
      {
        folders: ['engines', 'logging', 'pools'],
        imports: [
          `${ROOT}/engines/start-engine.ts:1 → logging`,
          `${ROOT}/logging/logger.ts:1 → pools`,
          `${ROOT}/pools/create-pools.ts:2 → engines`,
        ],
      },
    ]);
  });
});

describe('checkFolderCycles', () => {
  it('refuses a planted direct cycle', () => {
    const { files, readFile } = workspace({
      ...layered,
      'engines/hold.ts': "import type { Replica } from '../pools/replica.js';",
    });
    expect(checkFolderCycles(files, readFile, [])).toEqual([
      `${ROOT}: folders engines ↔ pools import each other: ${ROOT}/engines/hold.ts:1 → pools; ${ROOT}/pools/create-pools.ts:2 → engines`,
    ]);
  });

  it('refuses a planted cycle through the root files (the composition root imports, nothing imports it)', () => {
    const { files, readFile } = workspace({
      ...layered,
      'scheduling/choose.ts': "import { config } from '../main.js';",
    });
    expect(checkFolderCycles(files, readFile, [])).toEqual([
      `${ROOT}: folders . ↔ pools ↔ scheduling import each other: ${ROOT}/main.ts:1 → pools; ${ROOT}/pools/pool.ts:1 → scheduling; ${ROOT}/scheduling/choose.ts:1 → .`,
    ]);
  });

  it('lets a listed cycle pass, and asks to remove it from the list once it is gone', () => {
    const cyclic = workspace({
      ...layered,
      'engines/hold.ts': "import type { Replica } from '../pools/replica.js';",
    });
    expect(checkFolderCycles(cyclic.files, cyclic.readFile, ['engines ↔ pools'])).toEqual([]);
    const fixed = workspace(layered);
    expect(checkFolderCycles(fixed.files, fixed.readFile, ['engines ↔ pools'])).toEqual([
      'known cycle engines ↔ pools is gone: remove it from KNOWN_ORCHESTRATOR_CYCLES',
    ]);
  });
});
