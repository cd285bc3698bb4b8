import { describe, expect, it } from 'vitest';
import { parseFaultCliArgs } from './parse-fault-cli-args.js';

describe('parseFaultCliArgs', () => {
  it('runs every scenario without arguments, or those matching --tags', () => {
    expect(parseFaultCliArgs([])).toEqual({ kind: 'run' });
    expect(parseFaultCliArgs(['--tags', '@ORCH-FLT-006 or @llama-server'])).toEqual({
      kind: 'run',
      tags: '@ORCH-FLT-006 or @llama-server',
    });
  });

  it('asks for help with --help and refuses unknown or incomplete arguments', () => {
    expect(parseFaultCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseFaultCliArgs(['--tag', 'x'])).toEqual({ kind: 'error', message: 'unknown argument "--tag"' });
    expect(parseFaultCliArgs(['--tags'])).toEqual({ kind: 'error', message: '--tags needs an expression' });
  });
});
