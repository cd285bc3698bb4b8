import {
  type AdapterHealth,
  excerptBody,
  type HealthState,
  isTaskError,
  redactSecrets,
} from '@orch/adapter-api';
import { type EngineRequestOptions, requestEngine } from './request-engine.js';

/** An engine's answer to a health probe. */
export interface HealthReply {
  /** HTTP status. */
  status: number;
  /** Body text (possibly cut short). */
  bodyText: string;
}

/** Reads a health answer; `detail` should carry the engine's words when it is not ready. */
export type HealthInterpreter = (reply: HealthReply) => { state: HealthState; detail?: string };

/** Options of {@link probeEngineHealth}. */
export interface HealthProbeOptions
  extends Pick<
    EngineRequestOptions,
    'engine' | 'baseUrl' | 'path' | 'headers' | 'secrets' | 'agents' | 'method'
  > {
  /** Milliseconds for the whole probe (headers and body); default 2000. A timeout is `down`. */
  timeoutMs?: number;
  /** Maps the answer to a state; default {@link interpretHealthStatus}. */
  interpret?: HealthInterpreter;
}

/** Default reading: 2xx → ready, 503 → loading (with the body as detail), anything else → unhealthy. */
export const interpretHealthStatus: HealthInterpreter = ({ status, bodyText }) => {
  if (status >= 200 && status <= 299) return { state: 'ready' };
  const detail = `HTTP ${status}${bodyText.length > 0 ? `: ${excerptBody(bodyText, 200)}` : ''}`;
  return { state: status === 503 ? 'loading' : 'unhealthy', detail };
};

/**
 * Probes an engine's health endpoint. Never throws: refused, reset, DNS failure or timeout → `down` (with the
 * reason), and an interpreter that throws → `unhealthy`. `latency_ms` is always set.
 */
export async function probeEngineHealth(options: HealthProbeOptions): Promise<AdapterHealth> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const startedAt = performance.now();
  const secrets = knownSecrets(options);
  // An engine may echo the request (key included) in its answer; an interpreter cannot know the key.
  const finish = (health: { state: HealthState; detail?: string }): AdapterHealth => ({
    ...health,
    ...(health.detail === undefined ? {} : { detail: redactSecrets(health.detail, secrets) }),
    latency_ms: performance.now() - startedAt,
  });
  try {
    const response = await requestEngine({
      ...options,
      headersTimeoutMs: timeoutMs,
      acceptStatus: () => true,
    });
    const remainingMs = Math.max(1, timeoutMs - (performance.now() - startedAt));
    const bodyText = await response.readText({ timeoutMs: remainingMs });
    try {
      return finish((options.interpret ?? interpretHealthStatus)({ status: response.status, bodyText }));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return finish({ state: 'unhealthy', detail: `unreadable health answer: ${reason}` });
    }
  } catch (error) {
    if (isTaskError(error) && (error.code === 'ttft_timeout' || error.code === 'idle_timeout')) {
      return finish({ state: 'down', detail: `no answer within ${timeoutMs} ms` });
    }
    return finish({ state: 'down', detail: error instanceof Error ? error.message : String(error) });
  }
}

/** Credentials a probe sends: configured secrets and credential header values, with and without the scheme. */
function knownSecrets(options: HealthProbeOptions): string[] {
  const secrets = [...(options.secrets ?? [])];
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (name.toLowerCase() === 'authorization' || name.toLowerCase() === 'x-api-key') {
      secrets.push(value, value.replace(/^\S+\s+/, ''));
    }
  }
  return secrets;
}
