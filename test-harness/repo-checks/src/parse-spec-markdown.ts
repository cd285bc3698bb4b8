import { findRequirementIds, isRequirementId } from './requirement-id.js';

/** A requirement defined in a spec file. */
export interface RequirementDefinition {
  id: string;
  /** Repository-relative path of the spec file. */
  file: string;
  line: number;
  /** The requirement's first sentence (markdown kept), for reports. */
  summary: string;
}

/** What a spec file defines and mentions. */
export interface SpecFileContents {
  definitions: RequirementDefinition[];
  /** Every well-formed ID written anywhere outside code blocks, definitions included. */
  mentions: { id: string; file: string; line: number }[];
  /** Definition-like list items whose bold ID breaks the grammar (`- **ORCH-API-01** …`). */
  malformed: { text: string; file: string; line: number }[];
}

/** `- **ID** text`, `* **ID** text` or `1. **ID** text`: the one way a spec defines a requirement. */
const DEFINITION = /^\s*(?:[-*+]|\d+[.)])\s+\*\*([^*]+)\*\*[:.]?\s*(.*)$/;
const ID_LIKE = /^(?:ORCH|CONF|OC-ADAPT)-/;

/**
 * Reads a spec file's requirement definitions: a list item that starts with the ID in bold
 * (`- **ORCH-API-001** The server …`). IDs elsewhere (prose, tables, inline code) are mentions only;
 * fenced code blocks are ignored altogether, so examples never define or mention anything.
 */
export function parseSpecMarkdown(text: string, file: string): SpecFileContents {
  const contents: SpecFileContents = { definitions: [], mentions: [], malformed: [] };
  const texts: string[] = [];
  let fence: string | undefined;
  let open: number | undefined;
  text.split(/\r\n|\n/).forEach((line, index) => {
    const lineNumber = index + 1;
    const fenceMatch = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fenceMatch !== null) {
      const marker = fenceMatch[1] as string;
      if (fence === undefined) fence = marker;
      else if (marker.startsWith(fence)) fence = undefined;
      open = undefined;
      return;
    }
    if (fence !== undefined) return;
    for (const id of findRequirementIds(line)) contents.mentions.push({ id, file, line: lineNumber });
    const definition = DEFINITION.exec(line);
    if (definition === null) {
      // An indented line right after a definition continues its text.
      if (open !== undefined && /^\s+\S/.test(line) && !/^\s*(?:[-*+]|\d+[.)])\s/.test(line)) {
        texts[open] = `${texts[open]} ${line.trim()}`;
      } else {
        open = undefined;
      }
      return;
    }
    open = undefined;
    const bold = (definition[1] as string).trim();
    if (isRequirementId(bold)) {
      open = contents.definitions.length;
      texts.push((definition[2] as string).trim());
      contents.definitions.push({ id: bold, file, line: lineNumber, summary: '' });
    } else if (ID_LIKE.test(bold)) {
      contents.malformed.push({ text: bold, file, line: lineNumber });
    }
  });
  contents.definitions.forEach((definition, index) => {
    definition.summary = summarise(texts[index] ?? '');
  });
  return contents;
}

function summarise(text: string): string {
  const sentence = /^(.*?[.!?])(?:\s[A-Z(`*]|$)/.exec(text)?.[1] ?? text;
  return sentence.length > 140 ? `${sentence.slice(0, 139)}…` : sentence;
}

/** Reads an ID list file: one ID per line; `#` starts a comment; blank lines are ignored. */
export function parseIdList(text: string): { id: string; line: number }[] {
  return text
    .split(/\r\n|\n/)
    .map((line, index) => ({ id: line.replace(/#.*$/, '').trim(), line: index + 1 }))
    .filter((entry) => entry.id.length > 0);
}
