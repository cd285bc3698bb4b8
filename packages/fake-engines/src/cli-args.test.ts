import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('reads the engine, port, faults, pace and model', () => {
    expect(
      parseCliArgs([
        'tgi',
        '--port',
        '3001',
        '--faults',
        '{"dropAfterTokens":5}',
        '--tokens-per-second',
        '40',
        '--model',
        'm',
      ]),
    ).toEqual({
      kind: 'run',
      engine: 'tgi',
      logRequests: false,
      options: { port: 3001, faults: { dropAfterTokens: 5 }, tokensPerSecond: 40, model: 'm' },
    });
  });

  it("defaults the port to the engine's usual one", () => {
    const command = parseCliArgs(['ollama']);
    expect(command.kind === 'run' && command.options.port).toBe(11434);
  });

  it('merges --options JSON for engine switches', () => {
    const command = parseCliArgs([
      'triton',
      '--options',
      '{"triton":{"seedInputName":"seed"}}',
      '--port',
      '0',
    ]);
    expect(command.kind === 'run' && command.options.triton).toEqual({ seedInputName: 'seed' });
  });

  it('returns help for --help and -h', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['vllm', '-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /missing <engine>/],
    [['sglang'], /unknown engine "sglang"/],
    [['vllm', '--port', 'abc'], /--port must be an integer/],
    [['vllm', '--port', '70000'], /--port must be <= 65535/],
    [['vllm', '--faults', '{bad'], /--faults is not valid JSON/],
    [['vllm', '--faults', '{"dropAfter":1}'], /--faults: invalid faults/],
    [['vllm', '--bogus'], /Unknown option '--bogus'/],
    [['vllm', 'extra'], /unexpected argument "extra"/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
