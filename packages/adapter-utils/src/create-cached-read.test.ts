import { describe, expect, it } from 'vitest';
import { createCachedRead } from './create-cached-read.js';

describe('createCachedRead', () => {
  it('reads once and shares the read between concurrent callers', async () => {
    let reads = 0;
    const version = createCachedRead(async () => `v${++reads}`);
    expect(await Promise.all([version.get(), version.get()])).toEqual(['v1', 'v1']);
    expect(await version.get()).toBe('v1');
    expect(reads).toBe(1);
  });

  it('forgets a failed read, so that the next call reads again', async () => {
    let reads = 0;
    const version = createCachedRead(async () => {
      reads += 1;
      if (reads === 1) throw new Error('engine down');
      return 'v2';
    });
    await expect(version.get()).rejects.toThrow('engine down');
    expect(await version.get()).toBe('v2');
  });

  it('serves a value set from a fresher source without reading', async () => {
    let reads = 0;
    const version = createCachedRead(async () => `v${++reads}`);
    version.set('from-properties');
    expect(await version.get()).toBe('from-properties');
    expect(reads).toBe(0);
  });
});
