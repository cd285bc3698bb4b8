import { describe, expect, it } from 'vitest';
import { closeAfterEach } from './close-after-each.js';

describe('closeAfterEach', () => {
  const closed: string[] = [];
  const resources = closeAfterEach<{ name: string; close(): Promise<void> }>();
  const named = (name: string) => ({ name, close: async () => void closed.push(name) });

  it('keeps the resource tracked last as current', () => {
    expect(resources.current).toBeUndefined();
    const first = resources.track(named('first'));
    expect(first.name).toBe('first');
    resources.track(named('second'));
    expect(resources.current?.name).toBe('second');
  });

  it('closed the current resource after the previous test and forgot it', () => {
    expect(closed).toEqual(['second']);
    expect(resources.current).toBeUndefined();
  });
});
