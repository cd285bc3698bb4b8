import { type AdapterHealth, excerptBody } from '@orch/adapter-api';
import type { EngineClient, HealthInterpreter } from '@orch/adapter-utils';

const readyOrLoading =
  (what: string): HealthInterpreter =>
  ({ status, bodyText }) => {
    if (status >= 200 && status <= 299) return { state: 'ready' };
    const said = bodyText.length > 0 ? `: ${excerptBody(bodyText, 200)}` : '';
    // specs/engines/triton.md C.3: Triton answers 400 (not 503) while not ready; an unknown model is an error JSON (400 or 404).
    if (status === 400 && !/unknown model/i.test(bodyText)) {
      return { state: 'loading', detail: `${what} not ready (HTTP 400${said})` };
    }
    return { state: 'unhealthy', detail: `${what} answered HTTP ${status}${said}` };
  };

/**
 * Probes readiness the Triton way (specs/engines/triton.md C.3, specs/engines/cross-engine.md E.11): `GET /v2/health/ready` (400 while any model loads, with
 * strict readiness), then `GET /v2/models/{m}/ready` for the adapter's model. A 400 is `loading`; when the
 * server is not ready, `GET /v2/health/live` tells a loading server (live) from a failed one (`unhealthy`).
 * Refused or timed out → `down`. Never throws.
 */
export async function probeTritonHealth(
  client: EngineClient,
  modelPath: string,
  timeoutMs: number,
): Promise<AdapterHealth> {
  const startedAt = performance.now();
  const finish = (health: AdapterHealth): AdapterHealth => ({
    ...health,
    latency_ms: performance.now() - startedAt,
  });
  const server = await client.probeHealth({
    path: '/v2/health/ready',
    timeoutMs,
    interpret: readyOrLoading('server'),
  });
  if (server.state === 'ready') {
    const model = await client.probeHealth({
      path: `${modelPath}/ready`,
      timeoutMs,
      interpret: readyOrLoading('model'),
    });
    return finish({ state: model.state, ...(model.detail === undefined ? {} : { detail: model.detail }) });
  }
  if (server.state !== 'loading') return finish(server);
  const live = await client.probeHealth({ path: '/v2/health/live', timeoutMs });
  if (live.state === 'ready') return finish(server);
  return finish({
    state: live.state === 'down' ? 'down' : 'unhealthy',
    detail: 'server not live (GET /v2/health/live)',
  });
}
