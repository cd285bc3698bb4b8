/**
 * Polls `condition` every `intervalMs` until it is true or `timeoutMs` has passed; resolves with the last
 * answer. A condition that throws counts as false (the engine may still be coming up).
 */
export async function waitUntil(
  condition: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const met = await condition().catch(() => false);
    if (met || Date.now() >= deadline) return met;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
