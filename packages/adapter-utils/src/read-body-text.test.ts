import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBodyText } from './read-body-text.js';

describe('readBodyText', () => {
  it('reads every chunk as UTF-8, also a character split across chunks', async () => {
    const body = new PassThrough();
    const text = readBodyText(body);
    const bytes = Buffer.from('héllo');
    body.write(bytes.subarray(0, 2));
    body.end(bytes.subarray(2));
    expect(await text).toBe('héllo');
  });

  it('stops at the byte limit without waiting for the end', async () => {
    const body = new PassThrough();
    const text = readBodyText(body, { limitBytes: 4 });
    body.write('abcdef');
    expect(await text).toBe('abcd');
  });

  it('rejects when the stream is destroyed before its end, or keeps the part read when asked', async () => {
    const broken = new PassThrough();
    const rejected = readBodyText(broken);
    broken.write('ab');
    setImmediate(() => broken.destroy());
    await expect(rejected).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
    const partly = new PassThrough();
    const kept = readBodyText(partly, { keepPartial: true });
    partly.write('ab');
    setImmediate(() => partly.destroy(new Error('reset')));
    expect(await kept).toBe('ab');
  });
});
