import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLlamaServerBinary } from '@orch/engine-testkit';
import { writeTinyLlamaGguf } from '@orch/tiny-gguf';

/** The real llama-server and two different tiny models, written into a fresh temporary directory. */
export interface ManagedEngineFixtures {
  binary: string;
  directory: string;
  modelA: string;
  modelB: string;
}

export async function prepareManagedEngineFixtures(): Promise<ManagedEngineFixtures> {
  const binary = (await ensureLlamaServerBinary()).path;
  const directory = await mkdtemp(join(tmpdir(), 'orch-managed-'));
  const modelA = join(directory, 'a.gguf');
  const modelB = join(directory, 'b.gguf');
  await writeFile(modelA, writeTinyLlamaGguf({ seed: 41 }));
  await writeFile(modelB, writeTinyLlamaGguf({ seed: 42, blockCount: 3, embeddingLength: 96 }));
  return { binary, directory, modelA, modelB };
}

/**
 * A llama.cpp pool whose one replica (`<id>-r0`) the orchestrator launches. The pool model is
 * `<id>-<run>` and is passed as `--alias`, so the engine's command line names it (for process checks).
 */
export function managedPool(
  fixtures: ManagedEngineFixtures,
  run: string,
  id: string,
  model: string,
  launch: Record<string, unknown> = {},
) {
  return {
    id,
    model: `${id}-${run}`,
    engine: 'llamacpp',
    timeouts: { ttft_ms: 20_000, idle_ms: 10_000 },
    replicas: [
      {
        id: `${id}-r0`,
        launch: {
          command: fixtures.binary,
          args: ['--host', '{host}', '--port', '{port}', '-m', '{model}', '--alias', '{pool_model}'].concat([
            '-c',
            '512',
            '-np',
            '1',
            '-t',
            '1',
          ]),
          model,
          health: { interval_ms: 25 },
          start_timeout_ms: 30_000,
          stop_timeout_ms: 5_000,
          restart: { base_ms: 100, max_ms: 1_000 },
          ...launch,
        },
      },
    ],
  };
}
