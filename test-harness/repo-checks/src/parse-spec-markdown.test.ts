import { describe, expect, it } from 'vitest';
import { parseIdList, parseSpecMarkdown } from './parse-spec-markdown.js';

describe('parseSpecMarkdown', () => {
  const markdown = [
    '# Title mentioning ORCH-API-002',
    '',
    '- **ORCH-API-001** The server streams. It does more after the first sentence.',
    '  continuation line with ORCH-RES-001',
    '* **OC-ADAPT-5001a**: llama.cpp metrics.',
    '1. **CONF-001** A numbered definition.',
    '- **ORCH-API-01** A malformed definition.',
    '- **Note** bold words that are not IDs are ignored.',
    'Prose that starts with **ORCH-EVT-001** is a mention, not a definition.',
    '| **ORCH-EVT-002** | a table cell is a mention too |',
    '```md',
    '- **ORCH-XYZ-001** inside a code block: neither defined nor mentioned',
    '```',
  ].join('\n');

  it('defines an ID only by a list item that starts with it in bold', () => {
    const { definitions } = parseSpecMarkdown(markdown, 'specs/api.md');
    expect(definitions).toEqual([
      { id: 'ORCH-API-001', file: 'specs/api.md', line: 3, summary: 'The server streams.' },
      { id: 'OC-ADAPT-5001a', file: 'specs/api.md', line: 5, summary: 'llama.cpp metrics.' },
      { id: 'CONF-001', file: 'specs/api.md', line: 6, summary: 'A numbered definition.' },
    ]);
  });

  it('records mentions outside code blocks and malformed definitions', () => {
    const { mentions, malformed } = parseSpecMarkdown(markdown, 'specs/api.md');
    expect(mentions.map((mention) => mention.id)).toEqual([
      'ORCH-API-002',
      'ORCH-API-001',
      'ORCH-RES-001',
      'OC-ADAPT-5001a',
      'CONF-001',
      'ORCH-EVT-001',
      'ORCH-EVT-002',
    ]);
    expect(malformed).toEqual([{ text: 'ORCH-API-01', file: 'specs/api.md', line: 7 }]);
  });
});

describe('parseSpecMarkdown summaries', () => {
  it('take the first sentence, continued on indented lines, without breaking at e.g.', () => {
    const text =
      '- **ORCH-RES-001** A retriable failure, e.g. a reset, is retried\n  on another replica. Then more.\n\nAfter.';
    expect(parseSpecMarkdown(text, 'specs/r.md').definitions[0]?.summary).toBe(
      'A retriable failure, e.g. a reset, is retried on another replica.',
    );
  });
});

describe('parseIdList', () => {
  it('reads one ID per line, without comments and blank lines', () => {
    expect(parseIdList('# header\n\nORCH-API-001\nCONF-002  # why\n')).toEqual([
      { id: 'ORCH-API-001', line: 3 },
      { id: 'CONF-002', line: 4 },
    ]);
  });
});
