import { type SourceToken, scanTypeScript } from './scan-typescript.js';

/** What a module exports by name, and the modules it re-exports wholesale (`export * from './x.js'`). */
export interface ModuleExports {
  /** Exported value and type names (`type`-only entries of an export list excluded). */
  names: string[];
  /** Specifiers of `export * from '…'` statements. */
  reexportAll: string[];
}

const DECLARATIONS = new Set(['function', 'const', 'let', 'var', 'class', 'enum', 'interface', 'type']);

/** Reads the exported names of a TypeScript module from its source. */
export function findExports(source: string): ModuleExports {
  const tokens = scanTypeScript(source);
  const result: ModuleExports = { names: [], reexportAll: [] };
  tokens.forEach((token, index) => {
    if (token.kind !== 'identifier' || token.value !== 'export') return;
    let next = index + 1;
    while (['async', 'default', 'declare', 'abstract'].includes(tokens[next]?.value ?? '')) next += 1;
    const keyword = tokens[next];
    if (keyword?.kind === 'identifier' && DECLARATIONS.has(keyword.value)) {
      const afterStar = isPunctuation(tokens[next + 1], '*') ? 2 : 1;
      const name = tokens[next + afterStar];
      if (name?.kind === 'identifier') result.names.push(name.value);
    } else if (isPunctuation(keyword, '*')) {
      const from = tokens.findIndex((candidate, at) => at > next && candidate.value === 'from');
      const specifier = tokens[from + 1];
      if (from !== -1 && specifier?.kind === 'string') result.reexportAll.push(specifier.value);
    } else if (isPunctuation(keyword, '{')) {
      result.names.push(...readExportList(tokens, next + 1));
    }
  });
  return result;
}

/** Names exported by an `export { a, b as c, type D }` list starting after its `{`. */
function readExportList(tokens: readonly SourceToken[], start: number): string[] {
  const names: string[] = [];
  let entry: string[] = [];
  for (let index = start; index < tokens.length; index += 1) {
    const token = tokens[index] as SourceToken;
    if (isPunctuation(token, ',') || isPunctuation(token, '}')) {
      if (entry.length > 0 && entry[0] !== 'type') names.push(entry.at(-1) as string);
      entry = [];
      if (token.value === '}') break;
    } else if (token.kind === 'identifier') {
      entry.push(token.value);
    }
  }
  return names;
}

function isPunctuation(token: SourceToken | undefined, value: string): boolean {
  return token?.kind === 'punctuation' && token.value === value;
}
