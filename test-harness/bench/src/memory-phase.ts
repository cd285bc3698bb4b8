import { setMaxListeners } from 'node:events';
import { Agent } from 'node:http';
import type { MemoryPoint, MemoryRow } from './bench-result.js';
import { setFakeFaults, waitForEngineIdle } from './fake-engine-control.js';
import { type ProbedMemory, probeMemory } from './memory-probe.js';
import { identifyPath } from './path-identity.js';
import { readProcessGroupUsage } from './process-usage.js';
import type { RelayHandle } from './relay-handle.js';
import { runStream } from './stream-client.js';

/** Options of {@link runMemoryPhase}. */
export interface MemoryPhaseOptions {
  relays: readonly RelayHandle[];
  engineUrl: URL;
  /** Open-stream counts to measure at, e.g. 1, 64, 256. */
  streamCounts: readonly number[];
  /** Pause after the last stream opened, before memory is read. */
  settleMs: number;
}

interface MemoryReading {
  rss: number;
  heap: number | null;
}

/** RSS of the relay's processes, and for Node.js relays the heap + external after a full collection. */
async function readMemory(relay: RelayHandle): Promise<MemoryReading> {
  let probed: ProbedMemory | null = null;
  const [pid] = relay.pids();
  if (relay.memoryProbeFile !== undefined && pid !== undefined) {
    probed = await probeMemory(pid, relay.memoryProbeFile);
  }
  const rss = readProcessGroupUsage(relay.pids()).rssBytes;
  return { rss, heap: probed === null ? null : probed.heapUsed + probed.external };
}

/** Opens `count` streams that deliver one token and then stall; resolves once all delivered it. */
async function openStalledStreams(relay: RelayHandle, count: number, agent: Agent, signal: AbortSignal) {
  let open = 0;
  let opened: () => void = () => {};
  const allOpen = new Promise<void>((resolve) => (opened = resolve));
  const onFirstToken = (): void => {
    open += 1;
    if (open === count) opened();
  };
  const streams = Array.from({ length: count }, (_, index) =>
    runStream(relay, { maxTokens: 64, seed: index + 1, prompt: 'Hello' }, { agent, signal, onFirstToken }),
  );
  const ended = Promise.all(streams);
  await Promise.race([allOpen, ended, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  return { open: () => open, ended };
}

/**
 * Memory per open stream: each relay holds 1, 64, 256… streams that delivered one token and then stall (the
 * engine's `stallAfterTokens` fault), and its RSS is compared with the RSS just before they opened.
 */
export async function runMemoryPhase(options: MemoryPhaseOptions): Promise<MemoryRow[]> {
  await setFakeFaults(options.engineUrl, { stallAfterTokens: 1, stallMs: 600_000 });
  const rows: MemoryRow[] = [];
  try {
    for (const relay of options.relays) {
      if (relay.pids().length === 0) continue;
      const idle = await readMemory(relay);
      const points: MemoryPoint[] = [];
      for (const count of options.streamCounts) {
        const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
        const close = new AbortController();
        setMaxListeners(0, close.signal);
        const before = await readMemory(relay);
        const streams = await openStalledStreams(relay, count, agent, close.signal);
        await new Promise((resolve) => setTimeout(resolve, options.settleMs));
        const during = await readMemory(relay);
        const openStreams = streams.open();
        close.abort();
        await streams.ended;
        agent.destroy();
        await waitForEngineIdle(options.engineUrl);
        points.push({
          streams: count,
          openStreams,
          rssBytes: during.rss,
          rssPerStreamBytes: (during.rss - before.rss) / count,
          heapPerStreamBytes:
            during.heap === null || before.heap === null ? null : (during.heap - before.heap) / count,
        });
      }
      rows.push({ ...identifyPath(relay), idleRssBytes: idle.rss, idleHeapBytes: idle.heap, points });
    }
  } finally {
    await setFakeFaults(options.engineUrl, {});
  }
  return rows;
}
