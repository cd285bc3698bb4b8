import { createHash } from 'node:crypto';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type TinyLlamaOptions, writeTinyLlamaGguf } from '@orch/tiny-gguf';
import { resolveCacheDir } from './cache-paths.js';

/** A tiny model file on disk. */
export interface TinyModelFile {
  /** Absolute path of the GGUF file. */
  path: string;
  /** SHA-256 of the file, hex: a real `model_digest`. */
  sha256: string;
}

const made = new Map<string, Promise<TinyModelFile>>();

/**
 * Writes the tiny model for these options into `<cache>/models/`, named by its digest, unless it is
 * already there. Naming by digest (not by seed alone) means a change to the generator can never leave a
 * stale model behind. Memoised per process.
 */
export function ensureTinyModel(options: TinyLlamaOptions = {}): Promise<TinyModelFile> {
  const key = JSON.stringify(options, Object.keys(options).sort());
  let model = made.get(key);
  if (!model) {
    model = writeModel(options);
    made.set(key, model);
  }
  return model;
}

async function writeModel(options: TinyLlamaOptions): Promise<TinyModelFile> {
  const bytes = writeTinyLlamaGguf(options);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const directory = join(resolveCacheDir(), 'models');
  const path = join(directory, `tiny-llama-s${options.seed ?? 0}-${sha256.slice(0, 16)}.gguf`);
  try {
    await access(path);
  } catch {
    await mkdir(directory, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  }
  return { path, sha256 };
}
