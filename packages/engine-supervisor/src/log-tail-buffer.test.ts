import { describe, expect, it } from 'vitest';
import { formatLogTail, LogTailBuffer } from './log-tail-buffer.js';

describe('LogTailBuffer', () => {
  it('keeps only the last lines once full, oldest first', () => {
    const buffer = new LogTailBuffer(3);
    for (let index = 1; index <= 7; index += 1) buffer.push(index % 2 ? 'stdout' : 'stderr', `line ${index}`);
    expect(buffer.lines().map((entry) => entry.line)).toEqual(['line 5', 'line 6', 'line 7']);
    expect(buffer.lines(2)).toEqual([
      { stream: 'stderr', line: 'line 6' },
      { stream: 'stdout', line: 'line 7' },
    ]);
  });

  it('returns what it has before it is full', () => {
    const buffer = new LogTailBuffer(100);
    buffer.push('stderr', 'only');
    expect(buffer.lines()).toEqual([{ stream: 'stderr', line: 'only' }]);
    expect(buffer.lines(0)).toEqual([]);
  });

  it('cuts very long lines so one runaway line cannot fill memory', () => {
    const buffer = new LogTailBuffer(2);
    const entry = buffer.push('stdout', 'x'.repeat(10_000));
    expect(entry.line.length).toBe(4_097);
    expect(entry.line.endsWith('…')).toBe(true);
  });

  it('formats lines with their stream for error messages', () => {
    expect(
      formatLogTail([
        { stream: 'stdout', line: 'a' },
        { stream: 'stderr', line: 'b' },
      ]),
    ).toBe('[stdout] a\n[stderr] b');
  });
});
