import { describe, expect, it } from 'vitest';
import { createStopStringFilter } from './create-stop-string-filter.js';

function run(stops: string[], pieces: string[]) {
  const filter = createStopStringFilter(stops);
  const delivered = pieces.map((piece) => filter.push(piece));
  delivered.push(filter.flush());
  return { delivered, text: delivered.join(''), matched: filter.matched };
}

describe('createStopStringFilter', () => {
  it('passes text through untouched when there are no stop strings', () => {
    expect(run([], [' a', ' b'])).toEqual({ delivered: [' a', ' b', ''], text: ' a b', matched: undefined });
  });

  it('drops a stop string that arrives inside one piece, and everything after it', () => {
    expect(run(['END'], [' one', ' twoEND three', ' four'])).toEqual({
      delivered: [' one', ' two', '', ''],
      text: ' one two',
      matched: 'END',
    });
  });

  it('holds back the start of a stop string split across pieces until the match completes', () => {
    const { delivered, text, matched } = run([' wor'], [' hello', ' w', 'or', 'ld']);
    expect(delivered).toEqual([' hello', '', '', '', '']);
    expect(text).toBe(' hello');
    expect(matched).toBe(' wor');
  });

  it('releases held-back text once the next piece shows it was no stop string', () => {
    expect(run(['abc'], ['xa', 'b', 'x'])).toEqual({
      delivered: ['x', '', 'abx', ''],
      text: 'xabx',
      matched: undefined,
    });
  });

  it('delivers a held-back partial match at the end of generation (length finish)', () => {
    expect(run(['abc'], ['hello a'])).toEqual({
      delivered: ['hello ', 'a'],
      text: 'hello a',
      matched: undefined,
    });
  });

  it('cuts at the earliest of several stop strings', () => {
    expect(run(['zz', 'b'], ['a b zz'])).toMatchObject({ text: 'a ', matched: 'b' });
  });

  it('keeps multi-byte characters whole around a stop string', () => {
    expect(run(['日本'], ['é', '日', '本語'])).toMatchObject({ text: 'é', matched: '日本' });
  });
});
