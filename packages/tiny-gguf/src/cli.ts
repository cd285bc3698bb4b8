import { parseArgs } from 'node:util';
import { createTinyModelFile } from './create-tiny-model-file.js';

const usage =
  'usage: tsx packages/tiny-gguf/src/cli.ts --seed N --out FILE [--name NAME] [--vocab N] [--ctx N]';

function parseInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '0' },
      out: { type: 'string' },
      name: { type: 'string' },
      vocab: { type: 'string' },
      ctx: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.out) {
    console.error(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const path = await createTinyModelFile(values.out, {
    seed: parseInteger('seed', values.seed),
    name: values.name,
    vocabularySize: parseInteger('vocab', values.vocab),
    contextLength: parseInteger('ctx', values.ctx),
  });
  console.log(path);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
