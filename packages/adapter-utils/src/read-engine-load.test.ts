import { describe, expect, it } from 'vitest';
import { readEngineLoad } from './read-engine-load.js';

describe('readEngineLoad', () => {
  it('maps the figures the metrics give and leaves the unknown ones out', async () => {
    expect(
      await readEngineLoad(
        async () => ({ busy: 3, queued: undefined }),
        (metrics) => ({ running: metrics.busy, waiting: metrics.queued }),
      ),
    ).toEqual({ running: 3 });
  });

  it('gives {} when the metrics cannot be read, never throws', async () => {
    expect(
      await readEngineLoad(
        async () => {
          throw new Error('metrics off');
        },
        () => ({ running: 1 }),
      ),
    ).toEqual({});
  });
});
