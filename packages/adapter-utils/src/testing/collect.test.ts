import { describe, expect, it } from 'vitest';
import { collect } from './collect.js';

describe('collect', () => {
  it('returns every item of a stream in order, and nothing for an empty one', async () => {
    async function* numbers() {
      yield 1;
      yield 2;
      yield 3;
    }
    async function* nothing() {}
    expect(await collect(numbers())).toEqual([1, 2, 3]);
    expect(await collect(nothing())).toEqual([]);
  });
});
