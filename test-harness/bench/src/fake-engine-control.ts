/** Replaces the fake engine's standing faults (`PUT /__fake/faults`, see the fake-engines README). */
export async function setFakeFaults(engineUrl: URL, faults: Record<string, unknown>): Promise<void> {
  const response = await fetch(new URL('/__fake/faults', engineUrl), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`fake engine refused faults ${JSON.stringify(faults)}: ${text}`);
}

/** Streams the fake engine is generating now (`GET /__fake/stats`). */
export async function readActiveStreams(engineUrl: URL): Promise<number> {
  const response = await fetch(new URL('/__fake/stats', engineUrl));
  const stats = (await response.json()) as { activeStreams?: number; activeGenerations?: number };
  return stats.activeGenerations ?? stats.activeStreams ?? 0;
}

/** Waits until the fake engine runs no generation (the relays let go of every closed stream). */
export async function waitForEngineIdle(engineUrl: URL, timeoutMs = 10_000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if ((await readActiveStreams(engineUrl)) === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
