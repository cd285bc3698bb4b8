import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createStdoutWriter } from './create-stdout-writer.js';

const script = `
import { createStdoutWriter } from './create-stdout-writer.ts';
const write = createStdoutWriter();
write('one\\n');
write('two\\n');
setImmediate(() => {
  write('three\\n');
  process.exit(0); // before the next turn: the exit hook writes what is held
});
`;

describe('createStdoutWriter', () => {
  it('is one writer per process', () => {
    expect(createStdoutWriter()).toBe(createStdoutWriter());
  });

  it('writes every line in order, the ones held at exit included', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: import.meta.dirname,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('one\ntwo\nthree\n');
  });
});
