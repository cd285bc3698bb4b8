// `pnpm soak [--ci] [--minutes N]`: a bounded soak (default 10 minutes; --ci about a minute). Exits 1 when a
// stream ended without its terminal event or a task stayed in flight.
import { parseArgs } from 'node:util';
import { CI_SOAK, DEFAULT_SOAK, formatSoakReport, runSoak } from './run-soak.js';

const { values } = parseArgs({
  options: { ci: { type: 'boolean' }, minutes: { type: 'string' } },
  strict: true,
});
const base = values.ci ? CI_SOAK : DEFAULT_SOAK;
const minutes = values.minutes === undefined ? undefined : Number(values.minutes);
if (minutes !== undefined && !(minutes > 0)) {
  process.stderr.write(`soak: --minutes: expected a positive number, got "${values.minutes}"\n`);
  process.exit(2);
}
const report = await runSoak({
  ...base,
  ...(minutes === undefined ? {} : { durationMs: Math.round(minutes * 60_000) }),
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(`${formatSoakReport(report)}\n`);
process.exit(report.streamsWithoutTerminal === 0 && report.inFlightAfter === 0 ? 0 : 1);
