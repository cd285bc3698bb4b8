import { z } from 'zod';
import type { EngineClient } from '../engine-client.js';

/** Where an OpenAI-compatible server's version was read. */
export type OpenAiEngineVersionSource =
  | 'version-endpoint'
  | 'props-build-info'
  | 'system-fingerprint'
  | 'server-header'
  | 'unreported';

/** An engine version and where it came from (stronger sources first in the type's order). */
export interface OpenAiEngineVersion {
  /** The version string, as the server wrote it (see {@link discoverOpenAiEngineVersion} for the fallbacks). */
  version: string;
  /** Where it was read. */
  source: OpenAiEngineVersionSource;
}

/** Options of {@link discoverOpenAiEngineVersion}. */
export interface DiscoverVersionOptions {
  /** Milliseconds for each probe. */
  timeoutMs: number;
  /** Path of the model list, whose `Server` header is the last resort (default `/v1/models`). */
  modelsPath?: string;
  /** Aborts the probes. */
  signal?: AbortSignal;
}

/** The `engine_version` when a server reports no version anywhere. Never mistaken for a real one. */
export const UNREPORTED_ENGINE_VERSION = 'unreported by the server';

const versionAnswerSchema = z.looseObject({ version: z.string().min(1) });
const propsAnswerSchema = z.looseObject({ build_info: z.string().min(1) });

async function probeJson<T>(
  client: EngineClient,
  path: string,
  schema: z.ZodType<T>,
  options: DiscoverVersionOptions,
): Promise<{ value: T | undefined; server: string | null }> {
  const response = await client.request({
    path,
    headersTimeoutMs: options.timeoutMs,
    timeoutCode: 'engine_unavailable',
    acceptStatus: () => true,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const server = response.headers.get('server');
  const text = await response.readText({ timeoutMs: options.timeoutMs, timeoutCode: 'engine_unavailable' });
  if (response.status !== 200) return { value: undefined, server };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { value: undefined, server };
  }
  const result = schema.safeParse(json);
  return { value: result.success ? result.data : undefined, server };
}

/**
 * Reads the version of an OpenAI-compatible server from the server itself, trying in order:
 * 1. `GET /version` → `{"version"}` (vLLM, specs/engines/vllm.md A.7);
 * 2. `GET /props` → `build_info` (llama-server, `b<num>-<hash>`, specs/engines/llamacpp.md D.4);
 * 3. the `Server` header of `GET /v1/models`, written as `<value> (Server header)` (e.g. `uvicorn`: weak, but
 *    what the server says);
 * 4. otherwise {@link UNREPORTED_ENGINE_VERSION}.
 * A chunk's `system_fingerprint` (OpenAI `fp_…`, llama-server's build) is better than 3 and 4; callers
 * upgrade to it when streams carry one (see `createOpenAiStreamTranslator`'s `onSystemFingerprint`).
 * Non-200 answers and unreadable bodies move on to the next source; an unreachable server rejects with the
 * client's TaskError (`engine_unavailable`).
 */
export async function discoverOpenAiEngineVersion(
  client: EngineClient,
  options: DiscoverVersionOptions,
): Promise<OpenAiEngineVersion> {
  const version = await probeJson(client, '/version', versionAnswerSchema, options);
  if (version.value !== undefined) return { version: version.value.version, source: 'version-endpoint' };
  const props = await probeJson(client, '/props', propsAnswerSchema, options);
  if (props.value !== undefined) return { version: props.value.build_info, source: 'props-build-info' };
  const models = await probeJson(client, options.modelsPath ?? '/v1/models', z.unknown(), options);
  const server = models.server ?? props.server ?? version.server;
  if (server !== null && server.trim().length > 0) {
    return { version: `${server.trim()} (Server header)`, source: 'server-header' };
  }
  return { version: UNREPORTED_ENGINE_VERSION, source: 'unreported' };
}

const SOURCE_STRENGTH: Record<OpenAiEngineVersionSource, number> = {
  'version-endpoint': 4,
  'props-build-info': 4,
  'system-fingerprint': 3,
  'server-header': 2,
  unreported: 1,
};

/**
 * True when `candidate` should replace `current`: a stronger source, or a newer fingerprint (OpenAI rotates
 * `system_fingerprint` when its backend changes, so the latest one describes the next answers best).
 */
export function isBetterEngineVersion(current: OpenAiEngineVersion, candidate: OpenAiEngineVersion): boolean {
  const difference = SOURCE_STRENGTH[candidate.source] - SOURCE_STRENGTH[current.source];
  if (difference !== 0) return difference > 0;
  return candidate.source === 'system-fingerprint' && candidate.version !== current.version;
}
