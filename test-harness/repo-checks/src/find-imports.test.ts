import { describe, expect, it } from 'vitest';
import { findImports, packageNameOf } from './find-imports.js';

describe('findImports', () => {
  it('finds static, type-only, side-effect, re-export, dynamic and require specifiers', () => {
    const source = [
      "import { Hono } from 'hono';",
      "import type { Task } from '@orch/adapter-api';",
      "import './polyfill.js';",
      "export { x } from '@orch/adapter-utils/testing';",
      'import {',
      '  a,',
      "} from 'multi-line';",
      "const lazy = await import('prom-client');",
      "const old = require('opossum');",
    ].join('\n');
    expect(findImports(source).map((found) => `${found.line}:${found.specifier}`)).toEqual([
      '1:hono',
      '2:@orch/adapter-api',
      '3:./polyfill.js',
      '4:@orch/adapter-utils/testing',
      '7:multi-line',
      '8:prom-client',
      '9:opossum',
    ]);
  });

  it('ignores imports in comments and strings, and Array.from', () => {
    const source = "// import x from 'hono';\nconst text = \"from 'hono'\";\nArray.from('abc');";
    expect(findImports(source)).toEqual([]);
  });
});

describe('packageNameOf', () => {
  it('names the package of a bare specifier and skips relative paths and built-ins', () => {
    expect(packageNameOf('@orch/adapter-utils/testing')).toBe('@orch/adapter-utils');
    expect(packageNameOf('hono/streaming')).toBe('hono');
    expect(packageNameOf('./local.js')).toBeUndefined();
    expect(packageNameOf('node:http')).toBeUndefined();
    expect(packageNameOf('fs')).toBeUndefined();
  });
});
