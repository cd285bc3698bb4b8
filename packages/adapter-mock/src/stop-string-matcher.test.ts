import { describe, expect, it } from 'vitest';
import { StopStringMatcher } from './stop-string-matcher.js';

describe('StopStringMatcher', () => {
  it('holds back a possible stop-string prefix and releases it when it does not match', () => {
    const matcher = new StopStringMatcher(['END']);
    expect(matcher.push('abcE')).toEqual({ emit: 'abc' });
    expect(matcher.push('x')).toEqual({ emit: 'Ex' });
  });

  it('finds a stop string split across pieces and emits only the text before it', () => {
    const matcher = new StopStringMatcher(['END']);
    expect(matcher.push('hi E')).toEqual({ emit: 'hi ' });
    expect(matcher.push('NDtail')).toEqual({ emit: '', matched: 'END' });
  });

  it('picks the earliest of several stop strings', () => {
    expect(new StopStringMatcher(['zz', 'b']).push('abczz')).toEqual({ emit: 'a', matched: 'b' });
  });
});
