import { builtinModules } from 'node:module';
import { type SourceToken, scanTypeScript } from './scan-typescript.js';

/** One module specifier a source file imports or re-exports. */
export interface ImportSpecifier {
  specifier: string;
  line: number;
}

/**
 * The module specifiers of a TypeScript file: `import … from 'x'`, `import 'x'`, `export … from 'x'`,
 * `import('x')` and `require('x')`, type-only imports included (a type import is still a dependency edge).
 */
export function findImports(source: string): ImportSpecifier[] {
  const tokens = scanTypeScript(source);
  const found: ImportSpecifier[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'identifier' || isDot(tokens[index - 1])) return;
    const next = tokens[index + 1];
    if (token.value === 'from' && next?.kind === 'string')
      found.push({ specifier: next.value, line: next.line });
    if (token.value === 'import' && next?.kind === 'string')
      found.push({ specifier: next.value, line: next.line });
    if ((token.value === 'import' || token.value === 'require') && isOpenParen(next)) {
      const argument = tokens[index + 2];
      if (argument?.kind === 'string') found.push({ specifier: argument.value, line: argument.line });
    }
  });
  return found;
}

const BUILTINS = new Set(builtinModules);

/**
 * The package a bare specifier names (`@scope/name/sub` → `@scope/name`, `name/sub` → `name`); undefined for
 * relative paths, absolute paths and Node built-ins.
 */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:'))
    return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
  return BUILTINS.has(name) ? undefined : name;
}

function isDot(token: SourceToken | undefined): boolean {
  return token?.kind === 'punctuation' && token.value === '.';
}

function isOpenParen(token: SourceToken | undefined): boolean {
  return token?.kind === 'punctuation' && token.value === '(';
}
