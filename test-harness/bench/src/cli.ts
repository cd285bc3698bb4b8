import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_USAGE, BenchUsageError, parseBenchArgs } from './bench-options.js';
import { isMainOrchestrator } from './path-identity.js';
import { renderMarkdown } from './render-markdown.js';
import { runBench } from './run-bench.js';

async function main(argv: readonly string[]): Promise<number> {
  let options: ReturnType<typeof parseBenchArgs>;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n${BENCH_USAGE}\n`);
    return 2;
  }
  if (options === null) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  const result = await runBench(options);
  const markdown = renderMarkdown(result);
  writeFileSync(join(options.outDir, 'bench-result.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(options.outDir, 'bench-result.md'), markdown);
  process.stdout.write(markdown);
  process.stderr.write(`bench: wrote ${join(options.outDir, 'bench-result.json')} and bench-result.md\n`);
  // A run of other phases only (--phases burst, …) has no throughput to guard.
  if (!options.phases.includes('throughput')) return 0;
  const headline = result.throughput[0]?.rows.find(isMainOrchestrator);
  const vsDirect = headline?.vsDirect ?? null;
  if (vsDirect === null) {
    process.stderr.write('bench: FAIL: no orchestrator throughput relative to direct was measured\n');
    return 1;
  }
  if (vsDirect < options.minThroughputVsDirect) {
    process.stderr.write(
      `bench: FAIL: orchestrator throughput is ${(vsDirect * 100).toFixed(0)}% of direct, below ${(options.minThroughputVsDirect * 100).toFixed(0)}%\n`,
    );
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
