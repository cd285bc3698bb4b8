import type { FleetSoakReport } from './run-fleet-soak.js';

/** The report as the lines `pnpm soak --fleet` prints. */
export function formatFleetSoakReport(report: FleetSoakReport): string {
  const drain = report.leaseDrainMs === undefined ? 'not within 2 x lease_ms' : `${report.leaseDrainMs} ms`;
  return [
    `fleet soak: ${report.requests} requests in ${Math.round(report.durationMs / 1000)} s over ${report.instances} instances, ${report.kills} SIGKILLs, ${report.restarts} restarts`,
    `  streams read on surviving instances: ${report.streamsRead}, without a terminal event: ${report.streamsWithoutTerminal}${report.missingExamples.length ? ` (${report.missingExamples.join('; ')})` : ''}`,
    `  requests cut by a kill of their instance: ${report.cutByKill}`,
    report.peakEngineConcurrency === undefined
      ? `  slot leases in Redis peak ${report.peakLeases} (fleet-wide max_concurrency ${report.maxConcurrency})`
      : `  slot leases in Redis peak ${report.peakLeases}; engine concurrency peak ${report.peakEngineConcurrency}, above the limit for ${report.overLimitMs} ms (fleet-wide max_concurrency ${report.maxConcurrency})`,
    ...(report.engineProcesses === undefined
      ? []
      : [
          `  managed engine: at most ${report.engineProcesses.peak} engine process at once, launched ${report.engineProcesses.launches} times`,
        ]),
    `  slot leases and queue places in Redis at the end of traffic: ${report.leasesAtStop}; back to 0 after ${drain} (lease_ms ${report.leaseMs}); left: ${report.leasesAfter}`,
    `  tasks in flight on the surviving instances after the traffic: ${report.inFlightAfter}`,
    `  endings: ${JSON.stringify(report.endings)}`,
  ].join('\n');
}
