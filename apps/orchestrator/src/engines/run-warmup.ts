import type { OrchestratorConfig } from '../config/config-schema.js';
import type { Logger } from '../logging/logger.js';
import { createEngineManager } from './engine-manager.js';

/** The outcome of warming up one engine. */
export interface WarmupOutcome {
  poolId: string;
  replicaId: string;
  /** True when the engine answered ready within its start timeout. */
  ready: boolean;
  /** From launch to ready (or to the failure), ms. */
  durationMs: number;
  /** True when a healthy server already answered at the configured URL and was used as is. */
  reused: boolean;
  url: string | undefined;
  /** The start error, naming its cause, when it failed. */
  error?: string;
}

/** Options of {@link runWarmup}. */
export interface WarmupOptions {
  logger: Logger;
  /** Receives one report line per engine as it becomes ready or fails, and a summary. */
  report: (line: string) => void;
}

/**
 * `orch warmup`: starts every persistent managed engine of the configuration at once, reports each as it
 * becomes ready (with its start duration) or fails (with the cause), then stops the engines it started.
 * Returns the outcomes; all ready means success.
 */
export async function runWarmup(
  config: OrchestratorConfig,
  options: WarmupOptions,
): Promise<WarmupOutcome[]> {
  const manager = createEngineManager(config, { logger: options.logger });
  const engines = manager.engines.filter((engine) => engine.mode === 'persistent');
  if (engines.length === 0) {
    options.report('nothing to warm up: no replica has a `launch` section with `mode: persistent`');
    return [];
  }
  options.report(`warming up ${engines.length} engine(s)`);
  try {
    return await Promise.all(
      engines.map(async (engine): Promise<WarmupOutcome> => {
        const name = `${engine.poolId}/${engine.replicaId}`;
        const startedAt = performance.now();
        try {
          await engine.supervisor.start();
          const durationMs = Math.round(
            engine.supervisor.lastStartDurationMs ?? performance.now() - startedAt,
          );
          const how = engine.supervisor.reused ? 'reused' : 'ready';
          options.report(`${how}  ${name}  ${durationMs} ms  ${engine.url}`);
          return {
            poolId: engine.poolId,
            replicaId: engine.replicaId,
            ready: true,
            durationMs,
            reused: engine.supervisor.reused,
            url: engine.url,
          };
        } catch (error) {
          const durationMs = Math.round(performance.now() - startedAt);
          const message = error instanceof Error ? error.message : String(error);
          options.report(`failed  ${name}  after ${durationMs} ms: ${message}`);
          return {
            poolId: engine.poolId,
            replicaId: engine.replicaId,
            ready: false,
            durationMs,
            reused: false,
            url: engine.url,
            error: message,
          };
        }
      }),
    );
  } finally {
    await manager.stopAll();
  }
}
