import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TinyLlamaOptions } from './tiny-llama-options.js';
import { writeTinyLlamaGguf } from './write-tiny-llama-gguf.js';

/**
 * Writes the tiny model to `path` (creating folders). The file is written beside the target and
 * renamed, so a concurrent reader never sees a half-written model.
 */
export async function createTinyModelFile(path: string, options: TinyLlamaOptions = {}): Promise<string> {
  const bytes = writeTinyLlamaGguf(options);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
  return path;
}
