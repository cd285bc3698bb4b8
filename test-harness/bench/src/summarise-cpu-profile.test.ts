import { describe, expect, it } from 'vitest';
import { type CpuProfile, classifyFrame, summariseCpuProfile } from './summarise-cpu-profile.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 5] },
    { id: 2, callFrame: frame('(idle)') },
    {
      id: 3,
      callFrame: frame(
        'feed',
        'file:///r/node_modules/.pnpm/eventsource-parser@3.0.6/node_modules/eventsource-parser/dist/index.js',
        9,
      ),
    },
    {
      id: 4,
      callFrame: frame('encodeTaskEvent', 'file:///r/apps/orchestrator/src/tasks/encode-task-event.ts', 9),
    },
    { id: 5, callFrame: frame('(garbage collector)') },
  ],
  startTime: 0,
  endTime: 10_000,
  samples: [2, 3, 4, 3, 5, 2],
  timeDeltas: [4000, 1000, 2000, 1000, 1000, 1000],
};

describe('summariseCpuProfile', () => {
  it('adds up self time per function, leaves idle time out of the shares and ranks the largest first', () => {
    const summary = summariseCpuProfile(profile, { units: 1000 });
    expect(summary.totalMs).toBe(10);
    expect(summary.idleMs).toBe(5);
    expect(summary.busyPerUnitUs).toBe(5);
    expect(summary.functions.map((cost) => [cost.name, cost.selfMs, cost.share, cost.perUnitUs])).toEqual([
      ['feed (eventsource-parser/dist/index.js:10)', 2, 0.4, 2],
      ['encodeTaskEvent (apps/orchestrator/src/tasks/encode-task-event.ts:10)', 2, 0.4, 2],
      ['(garbage collector)', 1, 0.2, 1],
    ]);
  });

  it('groups self time by area of the code', () => {
    const areas = summariseCpuProfile(profile).areas;
    expect(areas.map((cost) => cost.name).sort()).toEqual(
      ['@orch/orchestrator tasks/', 'V8 garbage collector', 'eventsource-parser'].sort(),
    );
    expect(areas.every((cost) => cost.perUnitUs === null)).toBe(true);
  });

  it('counts only the samples taken inside the window, so start-up and warm-up stay out', () => {
    // Samples are taken at 4, 5, 7, 8, 9 and 10 ms of the profile clock.
    const summary = summariseCpuProfile(profile, { units: 100, window: { fromUs: 6000, toUs: 9000 } });
    expect(summary.totalMs).toBe(4);
    expect(summary.idleMs).toBe(0);
    expect(summary.busyPerUnitUs).toBe(40);
    expect(summary.functions.map((cost) => [cost.name, cost.selfMs])).toEqual([
      ['encodeTaskEvent (apps/orchestrator/src/tasks/encode-task-event.ts:10)', 2],
      ['feed (eventsource-parser/dist/index.js:10)', 1],
      ['(garbage collector)', 1],
    ]);
  });

  it('keeps only the top entries', () => {
    expect(summariseCpuProfile(profile, { top: 1 }).functions).toHaveLength(1);
  });
});

describe('classifyFrame', () => {
  it('names runtime, library and workspace frames', () => {
    expect(classifyFrame('read', 'node:internal/webstreams/readablestream')).toBe(
      'node streams (web + node)',
    );
    expect(classifyFrame('write', 'node:_http_outgoing')).toBe('node http/net');
    expect(
      classifyFrame('x', 'file:///r/node_modules/.pnpm/zod@4.1.0/node_modules/zod/v4/core/core.js'),
    ).toBe('zod');
    expect(
      classifyFrame(
        'x',
        'file:///r/node_modules/.pnpm/@hono+node-server@1.19.0/node_modules/@hono/node-server/dist/index.mjs',
      ),
    ).toBe('@hono/node-server');
    expect(classifyFrame('x', 'file:///r/packages/adapter-api/src/sse/decode-sse-stream.ts')).toBe(
      '@orch/adapter-api sse/',
    );
    expect(classifyFrame('x', 'file:///r/packages/adapter-utils/src/run-engine-stream.ts')).toBe(
      '@orch/adapter-utils',
    );
    expect(classifyFrame('JSONParse', '')).toBe('native / builtins');
  });

  it('puts frames of built workspace packages (dist/) in the same areas as their sources', () => {
    expect(classifyFrame('x', 'file:///r/packages/adapter-api/dist/sse/decode-sse-stream.js')).toBe(
      '@orch/adapter-api sse/',
    );
    expect(classifyFrame('x', 'file:///r/apps/orchestrator/dist/tasks/task-run.js')).toBe(
      '@orch/orchestrator tasks/',
    );
  });
});
