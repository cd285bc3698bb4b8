import { describe, expect, it } from 'vitest';
import { collectSecretValues, redactLaunchArgs } from './redact-launch-args.js';

describe('redactLaunchArgs (OC-ADAPT-6020)', () => {
  it('hides the value after a flag whose name looks secret, in both flag forms', () => {
    expect(
      redactLaunchArgs(['--api-key', 'abc123', '--hf-token=hf_xyz', '--port', '8080', '--password', 'pw']),
    ).toEqual([
      '--api-key',
      '[REDACTED]',
      '--hf-token=[REDACTED]',
      '--port',
      '8080',
      '--password',
      '[REDACTED]',
    ]);
  });

  it('hides known secret values anywhere and keeps ordinary flags as they are', () => {
    expect(redactLaunchArgs(['--model', '/m/a.gguf', '--header=x-key-supersecret'], ['supersecret'])).toEqual(
      ['--model', '/m/a.gguf', '--header=x-key-[REDACTED]'],
    );
  });
});

describe('collectSecretValues', () => {
  it('collects the values of environment variables with secret-looking names', () => {
    expect(
      collectSecretValues({
        HF_TOKEN: 'hf_abcdef',
        VLLM_API_KEY: 'k-12345',
        CUDA_VISIBLE_DEVICES: '0,1',
        SHORT_KEY: 'x',
      }),
    ).toEqual(['hf_abcdef', 'k-12345']);
  });
});
