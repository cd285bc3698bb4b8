import { describe, expect, it } from 'vitest';
import { taskStreamFromEvents } from './stream/task-stream-from-events.js';
import { withAdapterDefaults } from './with-adapter-defaults.js';
import type { WorkerAdapter } from './worker-adapter.js';

function bareAdapter(): WorkerAdapter & { setFault(fault: string): void; fault: string } {
  return {
    engine: 'bare',
    fault: 'none',
    setFault(fault) {
      this.fault = fault;
    },
    submit: () => taskStreamFromEvents((async function* none() {})()),
    cancel: async () => {},
    health: async () => ({ state: 'ready' }),
    properties: async () => ({ engine: 'bare', engine_version: '1', model: 'm' }),
    estimateTokens: async () => ({ prompt_tokens: 1, total_tokens: 2, method: 'heuristic' }),
  };
}

describe('withAdapterDefaults', () => {
  it('gives an adapter without readLoad or close an empty load and a close that does nothing', async () => {
    const adapter = withAdapterDefaults(bareAdapter());
    expect(await adapter.readLoad()).toEqual({});
    await expect(adapter.close()).resolves.toBeUndefined();
    expect(adapter.engine).toBe('bare');
    expect((await adapter.health()).state).toBe('ready');
  });

  it('keeps engine-specific members, called on the adapter itself', () => {
    const bare = bareAdapter();
    const adapter = withAdapterDefaults(bare);
    adapter.setFault('down');
    expect(bare.fault).toBe('down');
  });

  it('returns a complete adapter as it is, its own readLoad and close in place', async () => {
    const complete = { ...bareAdapter(), readLoad: async () => ({ running: 3 }), close: async () => {} };
    expect(withAdapterDefaults(complete)).toBe(complete);
    expect(await withAdapterDefaults(complete).readLoad()).toEqual({ running: 3 });
  });
});
