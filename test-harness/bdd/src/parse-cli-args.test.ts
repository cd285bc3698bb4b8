import { describe, expect, it } from 'vitest';
import { parseCliArgs, usage } from './parse-cli-args.js';

describe('parseCliArgs', () => {
  it('reads one adapter with a URL, a report folder and a tag filter', () => {
    expect(
      parseCliArgs([
        '--adapter',
        'llamacpp',
        '--url',
        'http://127.0.0.1:8080',
        '--report',
        'out',
        '--tags',
        '@CONF-001',
      ]),
    ).toEqual({
      kind: 'run',
      profiles: ['llamacpp'],
      url: 'http://127.0.0.1:8080',
      reportDir: 'out',
      tags: '@CONF-001',
      updateGolden: false,
    });
  });

  it('runs every built-in profile with --all', () => {
    expect(parseCliArgs(['--all'])).toEqual({ kind: 'run', profiles: [], updateGolden: false });
  });

  it('takes a profile module path with --profile', () => {
    expect(parseCliArgs(['--profile', './my.profile.ts', '--update-golden'])).toMatchObject({
      kind: 'run',
      profiles: ['./my.profile.ts'],
      updateGolden: true,
    });
  });

  it('answers --help and -h with help', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--adapter'], /argument missing/i],
    [['--bogus'], /unknown option/i],
    [[], /Name an adapter/],
    [['--all', '--adapter', 'mock'], /--all runs every built-in profile/],
    [['--all', '--url', 'http://127.0.0.1:1'], /--url needs one --adapter/],
    [['--adapter', 'mock', '--profile', 'x.ts'], /not both/],
    [['--adapter', 'mock', '--url', 'ftp://host'], /http:\/\/ or https:\/\//],
    [['--adapter', 'mock', 'extra'], /positional/i],
  ])('rejects %j with a clear message', (argv, message) => {
    const command = parseCliArgs(argv);
    expect(command.kind).toBe('error');
    if (command.kind === 'error') expect(command.message).toMatch(message);
  });

  it('documents every option in the usage text', () => {
    const text = usage(['mock', 'llamacpp']);
    for (const option of [
      '--adapter',
      '--profile',
      '--url',
      '--report',
      '--tags',
      '--golden-dir',
      '--update-golden',
      '--all',
      '--help',
    ]) {
      expect(text).toContain(option);
    }
    expect(text).toContain('mock, llamacpp');
  });
});
