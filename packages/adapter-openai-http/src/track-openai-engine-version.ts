import type { AdapterLogger } from '@orch/adapter-api';
import {
  discoverOpenAiEngineVersion,
  type EngineClient,
  isBetterEngineVersion,
  type OpenAiEngineVersion,
} from '@orch/adapter-utils';

/** The best engine version known for one server, discovered once and upgraded by what streams report. */
export interface OpenAiEngineVersionTracker {
  /** The known version, discovering it first when none is known (a failed discovery is retried next time). */
  current(signal?: AbortSignal): Promise<OpenAiEngineVersion>;
  /** Discovers again (e.g. for `properties()`), keeping the better of the new and the known version. */
  refresh(): Promise<OpenAiEngineVersion>;
  /** A stream's `system_fingerprint`: better than a `Server` header, and the newest one wins (OpenAI rotates it). */
  observeFingerprint(fingerprint: string): void;
}

/**
 * Tracks the `engine_version` of an OpenAI-compatible server (OC-ADAPT-6010): discovered from the server
 * (`/version`, `/props` `build_info`, the `Server` header: `discoverOpenAiEngineVersion`), upgraded to the
 * `system_fingerprint` of responses when that is better. A weak source is logged once as a warning.
 */
export function createOpenAiEngineVersionTracker(settings: {
  client: EngineClient;
  timeoutMs: number;
  modelsPath: string;
  logger: AdapterLogger;
}): OpenAiEngineVersionTracker {
  let known: OpenAiEngineVersion | undefined;
  let discovering: Promise<OpenAiEngineVersion> | undefined;
  let warned = false;

  const adopt = (candidate: OpenAiEngineVersion): OpenAiEngineVersion => {
    if (known === undefined || isBetterEngineVersion(known, candidate)) known = candidate;
    if (!warned && (known.source === 'server-header' || known.source === 'unreported')) {
      warned = true;
      settings.logger.warn('OpenAI-compatible server reports no version: engine_version is a fallback', {
        replica: settings.client.replica,
        engine_version: known.version,
        source: known.source,
      });
    }
    return known;
  };

  const discover = (signal?: AbortSignal): Promise<OpenAiEngineVersion> => {
    if (discovering === undefined) {
      const running = discoverOpenAiEngineVersion(settings.client, {
        timeoutMs: settings.timeoutMs,
        modelsPath: settings.modelsPath,
        ...(signal === undefined ? {} : { signal }),
      }).then(adopt);
      discovering = running;
      running.then(
        () => {
          if (discovering === running) discovering = undefined;
        },
        () => {
          if (discovering === running) discovering = undefined;
        },
      );
    }
    return discovering;
  };

  return {
    current: (signal) => (known === undefined ? discover(signal) : Promise.resolve(known)),
    refresh: () => discover(),
    observeFingerprint(fingerprint) {
      adopt({ version: fingerprint, source: 'system-fingerprint' });
    },
  };
}
