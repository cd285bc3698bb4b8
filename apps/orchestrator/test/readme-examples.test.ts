import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createReplicaAdapter } from '../src/adapters/create-replica-adapter.js';
import { parseConfig } from '../src/config/parse-config.js';
import { ENGINE_MODULES } from '../src/engine-modules.js';

const README = new URL('../../../README.md', import.meta.url);

/** Every fenced YAML block of the README, with the line it starts on. */
async function readmeYamlBlocks(): Promise<{ line: number; text: string }[]> {
  const lines = (await readFile(README, 'utf8')).split('\n');
  const blocks: { line: number; text: string }[] = [];
  let current: { line: number; body: string[] } | undefined;
  lines.forEach((line, index) => {
    if (current === undefined && line.trim() === '```yaml') current = { line: index + 1, body: [] };
    else if (current !== undefined && line.trim() === '```') {
      blocks.push({ line: current.line, text: current.body.join('\n') });
      current = undefined;
    } else current?.body.push(line);
  });
  return blocks;
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

describe('the README configuration examples', () => {
  it('are all complete, valid configs whose engine options every adapter accepts', async () => {
    const blocks = await readmeYamlBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) {
      const config = parseConfig(block.text, `README.md:${block.line}`, ENGINE_MODULES);
      config.pools.forEach((pool) => {
        pool.replicas.forEach((replica) => {
          if (replica.url === undefined && pool.engine !== 'mock') return;
          const adapter = createReplicaAdapter({
            pool,
            replica,
            baseUrl: replica.url,
            apiKey: undefined,
            logger: silentLogger,
          });
          expect(adapter.engine).toBe(pool.engine);
        });
      });
    }
  });

  it('show every engine this build can drive', async () => {
    const engines = new Set(
      (await readmeYamlBlocks()).flatMap((block) =>
        parseConfig(block.text, 'README.md', ENGINE_MODULES).pools.map((pool) => pool.engine),
      ),
    );
    for (const engine of ['llamacpp', 'vllm', 'tgi', 'triton', 'openai', 'ollama']) {
      expect(engines.has(engine as never), engine).toBe(true);
    }
  });
});
