import { describe, expect, it } from 'vitest';
import { findUnsupportedReason } from './find-unsupported-reason.js';

describe('findUnsupportedReason', () => {
  const scenario = {
    name: 'Health reports the engine down',
    tags: [{ name: '@conformance' }, { name: '@CONF-014' }],
  };

  it('finds a scenario listed by one of its tags', () => {
    expect(findUnsupportedReason({ '@CONF-014': 'cannot stop it' }, scenario)).toBe('cannot stop it');
  });

  it('finds a scenario listed by its exact name', () => {
    expect(findUnsupportedReason({ 'Health reports the engine down': 'no' }, scenario)).toBe('no');
  });

  it('returns undefined for a scenario the profile supports', () => {
    expect(
      findUnsupportedReason({ '@CONF-001': 'x', 'Health reports': 'partial names do not match' }, scenario),
    ).toBe(undefined);
  });
});
