import { faultSettingsSchema } from '@orch/fake-engines';
import { describe, expect, it } from 'vitest';
import { computeSlopePerMinute } from './compute-slope.js';
import { CI_SOAK, formatSoakReport, runSoak } from './run-soak.js';
import { listSoakFaultKnobs } from './soak-faults.js';
import { TRAFFIC_KINDS } from './soak-traffic.js';

describe('soak (ORCH-RES-050)', () => {
  it('goes through every fault knob of the fake engines', () => {
    expect(listSoakFaultKnobs()).toEqual(Object.keys(faultSettingsSchema.shape).sort());
  });

  it('computes a slope per minute by least squares', () => {
    const points = [0, 1, 2, 3].map((minute) => ({ atMs: minute * 60_000, value: 5 + 2 * minute }));
    expect(computeSlopePerMinute(points)).toBeCloseTo(2);
    expect(computeSlopePerMinute(points.slice(0, 1))).toBe(0);
  });

  it('CI mode: mixed traffic under every fault leaves no stream without its terminal event, no task in flight and no leak', async () => {
    const report = await runSoak(CI_SOAK);
    console.log(formatSoakReport(report));
    expect(report.missingExamples).toEqual([]);
    expect(report.streamsWithoutTerminal).toBe(0);
    expect(report.inFlightAfter).toBe(0);
    for (const kind of TRAFFIC_KINDS) expect(report.byKind[kind] ?? 0).toBeGreaterThan(10);
    expect(report.streamsRead).toBeGreaterThan(100);
    // Generous bounds (a loaded 2-core machine, one minute): a leak per request would be far steeper.
    expect(report.heapAfterGcMbPerMinute).toBeLessThan(16);
    expect(report.samples.at(-1)?.fds ?? 0).toBeLessThan(400);
  }, 120_000);
});
