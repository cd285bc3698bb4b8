import { describe, expect, it } from 'vitest';
import {
  ENGINE_SPECS_DIR,
  findEngineSpecCitations,
  findEngineSpecSections,
} from './find-engine-spec-citations.js';

// Section IDs and page paths are assembled at run time: written out, the repository's own citation check
// (which reads this file too) would hold these examples to the real pages.
const id = (letter: string, number: number) => `${letter}.${number}`;
const page = (name: string) => `${ENGINE_SPECS_DIR}/${name}`;

describe('findEngineSpecCitations', () => {
  it('reads a page with one ID, several IDs, a range, alternatives, and a page alone', () => {
    const text = [
      `/** 503 means the engine died (${page('vllm.md')} ${id('A', 7)}). */`,
      `// (${page('vllm.md')} ${id('A', 2)}, ${id('A', 5)}) and (${page('tgi.md')} ${id('B', 3)}–${id('B', 6)})`,
      `- see ${page('vllm.md')} ${id('A', 7)}/${id('A', 8)} and [the page](../${page('ollama.md')}).`,
    ].join('\n');
    const found = findEngineSpecCitations(text).map(({ page, ids, line }) => ({ page, ids, line }));
    expect(found).toEqual([
      { page: 'vllm.md', ids: [id('A', 7)], line: 1 },
      { page: 'vllm.md', ids: [id('A', 2), id('A', 5)], line: 2 },
      { page: 'tgi.md', ids: [id('B', 3), id('B', 6)], line: 2 },
      { page: 'vllm.md', ids: [id('A', 7), id('A', 8)], line: 3 },
      { page: 'ollama.md', ids: [], line: 3 },
    ]);
  });

  it('reports an ID written without its page, but not versions, paths, decimals or words', () => {
    const text = `cache (${id('E', 6)}); TGI v${id('2', 1)}; file x/${id('C', 3)}; 1${id('D', 2)}; Node ${id('A', 10)}.5`;
    const found = findEngineSpecCitations(text);
    expect(found.map(({ page, ids }) => ({ page, ids }))).toEqual([{ page: undefined, ids: [id('E', 6)] }]);
  });

  it('keeps the IDs that follow a page with that page, a different page starting a new citation', () => {
    const text = `(${page('tgi.md')} ${id('B', 1)}, ${page('cross-engine.md')} ${id('E', 1)}, ${id('E', 2)})`;
    expect(findEngineSpecCitations(text).map(({ page, ids }) => `${page}:${ids.join('+')}`)).toEqual([
      `tgi.md:${id('B', 1)}`,
      `cross-engine.md:${id('E', 1)}+${id('E', 2)}`,
    ]);
  });
});

describe('findEngineSpecCitations in a page', () => {
  it('treats the ID that opens a heading as a definition and the rest of the heading as text', () => {
    const found = findEngineSpecCitations(`## ${id('A', 7)} Other endpoints (see ${id('E', 11)})`);
    expect(found.map(({ ids }) => ids)).toEqual([[id('E', 11)]]);
  });
});

describe('findEngineSpecSections', () => {
  it('takes IDs from headings only, not from prose or fenced code', () => {
    const text = [
      `# ${id('A', 0)}x is not an ID heading`,
      `## ${id('A', 1)} Stream framing`,
      `See ${id('A', 2)} in prose.`,
      '```md',
      `## ${id('A', 3)} inside a fence`,
      '```',
      `### ${id('A', 4)} Request parameters`,
    ].join('\n');
    expect(findEngineSpecSections(text)).toEqual([
      { id: id('A', 1), line: 2 },
      { id: id('A', 4), line: 7 },
    ]);
  });
});
