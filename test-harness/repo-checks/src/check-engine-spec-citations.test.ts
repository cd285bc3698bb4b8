import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkEngineSpecCitations, FOREIGN_REFERENCES } from './check-engine-spec-citations.js';
import { ENGINE_SPECS_DIR } from './find-engine-spec-citations.js';

// Section IDs and page paths are assembled at run time: written out, the repository's own citation check
// (which reads this file too) would hold the planted mistakes against the real pages.
const id = (letter: string, number: number) => `${letter}.${number}`;
const page = (name: string) => `${ENGINE_SPECS_DIR}/${name}`;

const folders: string[] = [];

/** A throw-away repository with the given files. */
function createRepo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'engine-specs-'));
  folders.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const pages = {
  [page('vllm.md')]:
    `# vLLM\n\n## ${id('A', 1)} Framing\n\n## ${id('A', 7)} Other endpoints (see ${id('E', 6)})\n`,
  [page('cross-engine.md')]: `# Pitfalls\n\n## ${id('E', 6)} Seeds\n\nSee [vLLM](vllm.md).\n`,
};

describe('checkEngineSpecCitations', () => {
  it('accepts citations of existing pages and headings, bare IDs inside the pages, and links that resolve', () => {
    const root = createRepo({
      ...pages,
      'pkg/src/health.ts': `/** 503: dead (${page('vllm.md')} ${id('A', 7)}; ${page('cross-engine.md')} ${id('E', 6)}). */\n`,
      'pkg/README.md': `Wire facts: [vLLM](../${page('vllm.md')}), ${page('vllm.md')} ${id('A', 1)}–${id('A', 7)}.\n`,
      'features/a.feature': `Feature: F\n  # ${page('cross-engine.md')}\n`,
    });
    expect(checkEngineSpecCitations(root)).toEqual([]);
  });

  it('fails on a planted bad citation: a missing heading, a missing page, an ID without its page, a dead link', () => {
    const root = createRepo({
      ...pages,
      'pkg/src/a.ts': `// ${page('vllm.md')} ${id('A', 9)} is no heading\n`,
      'pkg/src/b.ts': `\n// (${page('sglang.md')} ${id('S', 1)})\n`,
      'pkg/src/c.test.ts': `it('keeps the cache off (${id('E', 6)})', () => {});\n`,
      'pkg/README.md': `[vLLM](../${page('vllm.md')}) and [gone](../${page('gone.md')})\n`,
    });
    expect(checkEngineSpecCitations(root)).toEqual([
      `pkg/README.md:1 cites ${page('gone.md')}, which does not exist`,
      `pkg/README.md:1 links to ../${page('gone.md')}, which does not exist (${page('gone.md')})`,
      `pkg/src/a.ts:1 cites vllm.md ${id('A', 9)}, but no heading of specs/engines defines it`,
      `pkg/src/b.ts:2 cites sglang.md ${id('S', 1)}, but no heading of specs/engines defines it`,
      `pkg/src/b.ts:2 cites ${page('sglang.md')}, which does not exist`,
      `pkg/src/c.test.ts:1 cites "${id('E', 6)}" without its page: write specs/engines/<page>.md before the ID`,
    ]);
  });

  it('fails on a mention of a protocol document outside the repository, in any file', () => {
    const [document, folder] = FOREIGN_REFERENCES as [string, string];
    const root = createRepo({
      ...pages,
      'pkg/fixtures/x.json': `{"note": "from ${document}"}\n`,
      'pkg/src/d.ts': `\n\n// facts from ${folder}/engines\n`,
    });
    expect(checkEngineSpecCitations(root)).toEqual([
      `pkg/fixtures/x.json:1 mentions ${document}: engine facts live in specs/engines, in our words`,
      `pkg/src/d.ts:3 mentions ${folder}: engine facts live in specs/engines, in our words`,
    ]);
  });

  it('fails when a section ID is defined twice or two pages share a letter', () => {
    const root = createRepo({
      ...pages,
      [page('tgi.md')]: `## ${id('B', 1)} One\n## ${id('B', 1)} Again\n## ${id('A', 2)} Not its letter\n`,
      [page('vllm-v0.md')]: `## ${id('A', 3)} Old framing\n`,
    });
    expect(checkEngineSpecCitations(root)).toEqual([
      `specs/engines/tgi.md:2 defines ${id('B', 1)} twice`,
      `specs/engines/tgi.md:3 defines ${id('A', 2)} on the page of letter B: a page has one letter`,
      'specs/engines/vllm.md uses the letter A of vllm-v0.md: each page has its own letter',
    ]);
  });
});
