import type { AdapterModule } from '@orch/adapter-api';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/logger.js';
import { runWarmup } from './run-warmup.js';

/**
 * `orch warmup --config FILE`: the report goes to stdout, the structured log (engine output included) to
 * stderr. Exit status: 0 when every persistent engine became ready, 1 when one failed, 2 for a usage or
 * configuration error. `modules` are the engines the configuration may use.
 */
export async function runWarmupCommand(
  configPath: string | undefined,
  modules: readonly AdapterModule[],
): Promise<number> {
  if (configPath === undefined) {
    process.stderr.write('orch: warmup needs --config FILE\nRun "pnpm orch --help" for usage.\n');
    return 2;
  }
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    config = await loadConfig(configPath, modules);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`orch: ${error.message}\n`);
    return 2;
  }
  const logger = createLogger({
    level: config.server.log_level,
    write: (line) => process.stderr.write(line),
  });
  const outcomes = await runWarmup(config, {
    logger,
    report: (line) => process.stdout.write(`${line}\n`),
  });
  const failed = outcomes.filter((outcome) => !outcome.ready);
  if (outcomes.length > 0) {
    process.stdout.write(
      failed.length === 0
        ? `all ${outcomes.length} engine(s) ready; stopped them again\n`
        : `${failed.length} of ${outcomes.length} engine(s) failed to start\n`,
    );
  }
  return failed.length === 0 ? 0 : 1;
}
