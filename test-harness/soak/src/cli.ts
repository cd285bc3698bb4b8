// `pnpm soak [--ci] [--minutes N]`: a bounded soak (default 10 minutes; --ci about a minute). Exits 1 when a
// stream ended without its terminal event or a task stayed in flight.
// `pnpm soak --fleet [--ci] [--managed] [--minutes N]`: the fleet soak (default 3 minutes; --ci 30 s; --managed: the
// replica is an engine the fleet launches). Exits 1 when a stream on a surviving instance ended without its terminal
// event, a task stayed in flight, a lease was left in Redis, or two engine processes ran at once.
import { parseArgs } from 'node:util';
import { formatFleetSoakReport } from './format-fleet-soak-report.js';
import { CI_FLEET_SOAK, DEFAULT_FLEET_SOAK, runFleetSoak } from './run-fleet-soak.js';
import { CI_SOAK, DEFAULT_SOAK, formatSoakReport, runSoak } from './run-soak.js';

const { values } = parseArgs({
  options: {
    ci: { type: 'boolean' },
    fleet: { type: 'boolean' },
    managed: { type: 'boolean' },
    minutes: { type: 'string' },
  },
  strict: true,
});
const minutes = values.minutes === undefined ? undefined : Number(values.minutes);
if (minutes !== undefined && !(minutes > 0)) {
  process.stderr.write(`soak: --minutes: expected a positive number, got "${values.minutes}"\n`);
  process.exit(2);
}
const duration = minutes === undefined ? {} : { durationMs: Math.round(minutes * 60_000) };
const log = (line: string) => process.stdout.write(`${line}\n`);
if (values.fleet) {
  const base = values.ci ? CI_FLEET_SOAK : DEFAULT_FLEET_SOAK;
  const report = await runFleetSoak({ ...base, ...duration, managed: values.managed === true, log });
  process.stdout.write(`${formatFleetSoakReport(report)}\n`);
  const oneEngine = (report.engineProcesses?.peak ?? 1) <= 1;
  const clean =
    report.streamsWithoutTerminal === 0 &&
    report.inFlightAfter === 0 &&
    report.leasesAfter === 0 &&
    oneEngine;
  process.exit(clean ? 0 : 1);
}
const report = await runSoak({ ...(values.ci ? CI_SOAK : DEFAULT_SOAK), ...duration, log });
process.stdout.write(`${formatSoakReport(report)}\n`);
process.exit(report.streamsWithoutTerminal === 0 && report.inFlightAfter === 0 ? 0 : 1);
