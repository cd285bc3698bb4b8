import type { EngineHealthCheck } from './engine-health-check.js';

/** Outcome of one health probe. */
export type HealthProbeResult =
  /** The engine answered with a status its rule calls ready. */
  | { state: 'ready'; status: number }
  /** The engine answered, but not ready yet (llama.cpp 503 while loading, Triton 400). */
  | { state: 'loading'; status: number }
  /** Nothing answered: refused, reset or timed out (vLLM and TGI before they listen). */
  | { state: 'unreachable'; error: string };

/** A health check with every default filled in. */
export interface ResolvedHealthCheck {
  path: string;
  ready: (status: number) => boolean;
  intervalMs: number;
  probeTimeoutMs: number;
}

const isOk = (status: number) => status === 200;

/** Fills in the defaults: `/health`, ready on 200, a probe every 250 ms with a 2 s timeout. */
export function resolveHealthCheck(check: EngineHealthCheck): ResolvedHealthCheck {
  return {
    path: check.path ?? '/health',
    ready: check.ready ?? isOk,
    intervalMs: check.intervalMs ?? 250,
    probeTimeoutMs: check.probeTimeoutMs ?? 2_000,
  };
}

/** GETs `baseUrl + check.path` once and classifies the answer; never throws (an abort reads as unreachable). */
export async function probeHealth(
  baseUrl: string,
  check: ResolvedHealthCheck,
  signal?: AbortSignal,
): Promise<HealthProbeResult> {
  const timeout = AbortSignal.timeout(check.probeTimeoutMs);
  try {
    const response = await fetch(new URL(check.path, baseUrl), {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      headers: { connection: 'close' },
    });
    await response.body?.cancel().catch(() => {});
    return check.ready(response.status)
      ? { state: 'ready', status: response.status }
      : { state: 'loading', status: response.status };
  } catch (error) {
    return { state: 'unreachable', error: describeFetchError(error) };
  }
}

/** Describes a probe result for status reasons and error messages. */
export function describeProbeResult(result: HealthProbeResult): string {
  return result.state === 'unreachable' ? result.error : `HTTP ${result.status}`;
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (error.name === 'TimeoutError') return 'probe timed out';
  return cause && typeof cause.message === 'string' ? cause.message : error.message;
}
