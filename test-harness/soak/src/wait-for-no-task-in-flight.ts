/**
 * Polls the orchestrator's `/metrics` until no task is in flight (summed over pools) or `timeoutMs` passed;
 * returns the last count seen.
 */
export async function waitForNoTaskInFlight(url: string, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const inFlight = text
      .split('\n')
      .filter((line) => line.startsWith('orch_tasks_in_flight{') || line.startsWith('orch_tasks_in_flight '))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    if (inFlight === 0 || Date.now() > until) return inFlight;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
