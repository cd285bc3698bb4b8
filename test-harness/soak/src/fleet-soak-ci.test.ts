import { describe, expect, it } from 'vitest';
import { formatFleetSoakReport } from './format-fleet-soak-report.js';
import { CI_FLEET_SOAK, runFleetSoak } from './run-fleet-soak.js';

describe('fleet soak (ORCH-CLU-090, ORCH-CLU-091)', () => {
  it('CI mode: instances SIGKILLed and restarted under traffic leak no lease and cut no stream on a survivor', async () => {
    const report = await runFleetSoak(CI_FLEET_SOAK);
    console.log(formatFleetSoakReport(report));
    expect(report.kills).toBeGreaterThanOrEqual(4);
    expect(report.restarts).toBeGreaterThanOrEqual(report.kills - 1);
    expect(report.streamsRead).toBeGreaterThan(50);
    expect(report.missingExamples).toEqual([]);
    expect(report.streamsWithoutTerminal).toBe(0);
    // The shared in-flight count returns to 0 within the lease expiry once the traffic stops.
    expect(report.leasesAfter).toBe(0);
    expect(report.leasesAtStop).toBeGreaterThan(0);
    expect(report.leaseDrainMs ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(report.leaseMs + 500);
    expect(report.inFlightAfter).toBe(0);
    // The fleet-wide limit held through the kills: never more live slot leases than max_concurrency.
    expect(report.peakLeases).toBeGreaterThan(0);
    expect(report.peakLeases).toBeLessThanOrEqual(report.maxConcurrency);
  }, 120_000);

  it('CI mode with a managed engine: one engine process at a time, launched again after its holder is killed', async () => {
    const report = await runFleetSoak({ ...CI_FLEET_SOAK, managed: true });
    console.log(formatFleetSoakReport(report));
    expect(report.engineProcesses?.peak).toBe(1);
    expect(report.engineProcesses?.launches ?? 0).toBeGreaterThanOrEqual(1);
    expect(report.streamsRead).toBeGreaterThan(50);
    expect(report.missingExamples).toEqual([]);
    expect(report.streamsWithoutTerminal).toBe(0);
    expect(report.leasesAfter).toBe(0);
    expect(report.inFlightAfter).toBe(0);
    expect(report.peakLeases).toBeLessThanOrEqual(report.maxConcurrency);
  }, 180_000);
});
