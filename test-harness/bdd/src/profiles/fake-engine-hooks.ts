import type { WorkerAdapter } from '@orch/adapter-api';
import type { FakeEngine } from '@orch/fake-engines';
import type { ConformanceSession } from './conformance-session.js';

/** Settings of {@link createFakeEngineHooks}. */
export interface FakeEngineHookSettings {
  /** The slots the fake was started with. */
  slots: number;
  /** The injected HTTP status of the failure before start, as this engine answers one (e.g. TGI's 429). */
  failBeforeStartStatus: number;
}

/**
 * The session hooks of an engine the suite started as a fake: faults through the fake's own knobs (a failure
 * before start, an error after N tokens, a refused port) and free slots counted from the generations it runs
 * (engines that expose no free-slot figure).
 */
export function createFakeEngineHooks(
  engine: FakeEngine,
  adapter: WorkerAdapter,
  settings: FakeEngineHookSettings,
): Required<
  Pick<ConformanceSession, 'failBeforeStart' | 'failMidStream' | 'stopEngine' | 'startEngine' | 'slotsFree'>
> {
  return {
    async failBeforeStart() {
      await engine.setFaults({ httpStatus: settings.failBeforeStartStatus, forRequests: 1 });
      return adapter;
    },
    async failMidStream(afterTokens: number) {
      await engine.setFaults({ errorAfterTokens: afterTokens, forRequests: 1 });
      return adapter;
    },
    async stopEngine() {
      await engine.setFaults({ refuse: true });
    },
    async startEngine() {
      await engine.setFaults({ refuse: false });
    },
    async slotsFree() {
      return settings.slots - engine.stats.activeGenerations;
    },
  };
}

/**
 * The scenarios an engine the suite did not start (`--url`) cannot run, for an engine (named `engineName`)
 * without a free-slot figure: only a fake counts slots, stops, and takes faults.
 */
export function listExternalEngineUnsupported(engineName: string): Readonly<Record<string, string>> {
  const noSlots = `${engineName} does not expose free slots; only the fake can count them (--url)`;
  const noFaults = 'faults are injected through the fake engine only (--url)';
  return {
    '@CONF-008': noSlots,
    '@CONF-009': noSlots,
    '@CONF-014': 'the suite cannot stop an engine it did not start (--url)',
    '@CONF-015': noFaults,
    '@CONF-016': noFaults,
  };
}
