import { setTimeout as delay } from 'node:timers/promises';

/** Polls an instance's `/v1/replicas` until its first replica is ready; throws after `timeoutMs`. */
export async function waitForReplicaReady(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const view = (await (await fetch(`${url}/v1/replicas`)).json()) as {
      pools: { replicas: { health: string }[] }[];
    };
    if (view.pools[0]?.replicas[0]?.health === 'ready') return;
    if (Date.now() > until) throw new Error(`the replica did not become ready through ${url}`);
    await delay(100);
  }
}
