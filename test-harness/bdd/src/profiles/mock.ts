import { fileURLToPath } from 'node:url';
import type { Task } from '@orch/adapter-api';
import { createMockAdapter, type MockAdapterSettings } from '@orch/adapter-mock';
import { collectEvents } from '../support/collect-events.js';
import type { ConformanceProfile } from './conformance-profile.js';

/** Paced so that a cancel lands mid-stream, as it would on a real engine. */
const MOCK_SETTINGS: MockAdapterSettings = { tokensPerSecond: 2000, naturalLength: 48, slots: 4 };

/** The in-process mock engine (`@orch/adapter-mock`), with its fault modes as the fault hooks. */
export const mockProfile: ConformanceProfile = {
  name: 'mock',
  description: 'The deterministic in-process mock adapter (@orch/adapter-mock); needs no engine.',
  async open({ url }) {
    if (url !== undefined) {
      throw new Error('The mock profile runs in-process and takes no --url.');
    }
    const adapter = createMockAdapter(MOCK_SETTINGS);
    return {
      adapter,
      model: 'mock',
      goldenDir: fileURLToPath(new URL('../../golden/mock', import.meta.url)),
      // The mock has no separate non-stream endpoint: a second, unpaced instance collects the same text.
      async referenceText(task: Task) {
        const reference = createMockAdapter({ ...MOCK_SETTINGS, tokensPerSecond: 0 });
        const { text } = await collectEvents(reference.submit(task), { timeoutMs: 10_000 });
        return text;
      },
      async failBeforeStart() {
        return createMockAdapter({ ...MOCK_SETTINGS, fault: { mode: 'fail_before_start' } });
      },
      async failMidStream(afterTokens) {
        return createMockAdapter({ ...MOCK_SETTINGS, fault: { mode: 'fail_after', afterTokens } });
      },
      async stopEngine() {
        adapter.setFault({ mode: 'down' });
      },
      async startEngine() {
        adapter.setFault({ mode: 'none' });
      },
      async slotsFree() {
        return (await adapter.properties()).slots_free ?? Number.NaN;
      },
      async close() {
        await adapter.close?.();
      },
    };
  },
};
