import type { ThroughputRow, ThroughputRun } from './bench-result.js';
import { type ClosedLoopResult, runClosedLoopLoad } from './closed-loop-load.js';
import { setFakeFaults } from './fake-engine-control.js';
import { identifyPath, keyPath } from './path-identity.js';
import type { RelayHandle, RelayName } from './relay-handle.js';
import { ratio } from './statistics.js';

/** Options of {@link runThroughputPhase}. */
export interface ThroughputPhaseOptions {
  relays: readonly RelayHandle[];
  engineUrl: URL;
  enginePid: number;
  streams: number;
  /** Engine pace per stream (0 = unthrottled). */
  engineTokensPerSecondPerStream: number;
  tokensPerStream: number;
  warmupMs: number;
  windowMs: number;
  /** Rounds over all relays; the median round of each relay is kept (less drift between paths). */
  rounds: number;
}

function per1k(cpuSeconds: number | null, tokens: number): number | null {
  return cpuSeconds === null || tokens === 0 ? null : (cpuSeconds / tokens) * 1000;
}

function medianRound(results: ClosedLoopResult[]): ClosedLoopResult {
  const sorted = [...results].sort((a, b) => a.tokens / a.seconds - b.tokens / b.seconds);
  return sorted[Math.floor((sorted.length - 1) / 2)] as ClosedLoopResult;
}

/** Adds the ratios to the other paths once every path was measured. */
export function compareThroughputRows(rows: ThroughputRow[]): ThroughputRow[] {
  const find = (name: RelayName) => rows.find((row) => row.relay === name);
  const direct = find('direct');
  const nginx = find('nginx');
  const node = find('node-proxy');
  return rows.map((row) => ({
    ...row,
    vsDirect: row.relay === 'direct' ? null : ratio(row.tokensPerSecond, direct?.tokensPerSecond),
    vsNginx: row.relay === 'nginx' ? null : ratio(row.tokensPerSecond, nginx?.tokensPerSecond),
    vsNodeProxy: row.relay === 'node-proxy' ? null : ratio(row.tokensPerSecond, node?.tokensPerSecond),
    cpuVsNginx:
      row.relay === 'nginx' ? null : ratio(row.relayCpuSecondsPer1kTokens, nginx?.relayCpuSecondsPer1kTokens),
    cpuVsNodeProxy:
      row.relay === 'node-proxy'
        ? null
        : ratio(row.relayCpuSecondsPer1kTokens, node?.relayCpuSecondsPer1kTokens),
  }));
}

/**
 * The same closed-loop streaming load through every path, one after the other (in `rounds` alternating rounds),
 * with the engine at a fixed pace: tokens/s delivered and CPU per 1,000 tokens of each process.
 */
export async function runThroughputPhase(options: ThroughputPhaseOptions): Promise<ThroughputRun> {
  await setFakeFaults(
    options.engineUrl,
    options.engineTokensPerSecondPerStream > 0
      ? { tokensPerSecond: options.engineTokensPerSecondPerStream }
      : {},
  );
  const results = new Map<string, ClosedLoopResult[]>();
  for (let round = 0; round < options.rounds; round += 1) {
    for (const relay of options.relays) {
      const result = await runClosedLoopLoad(relay, {
        streams: options.streams,
        maxTokens: options.tokensPerStream,
        warmupMs: options.warmupMs,
        durationMs: options.windowMs,
        enginePid: options.enginePid,
        recordGaps: false,
        prompt: 'Hello',
      });
      results.set(keyPath(relay), [...(results.get(keyPath(relay)) ?? []), result]);
    }
  }
  const rows = options.relays.map((relay): ThroughputRow => {
    const all = results.get(keyPath(relay)) ?? [];
    const result = medianRound(all);
    const failures = all.reduce((total, each) => total + each.failures, 0);
    const firstFailure = all.find((each) => each.firstFailure !== undefined)?.firstFailure;
    return {
      ...identifyPath(relay),
      tokensPerSecond: result.tokens / result.seconds,
      relayCpuSecondsPer1kTokens: per1k(result.relayCpuSeconds, result.tokens),
      relayCpuCores: result.relayCpuSeconds === null ? null : result.relayCpuSeconds / result.seconds,
      engineCpuCores: result.engineCpuSeconds / result.seconds,
      generatorCpuCores: result.generatorCpuSeconds / result.seconds,
      machineCoresBusy: result.machineCoresBusy,
      engineCpuSecondsPer1kTokens: per1k(result.engineCpuSeconds, result.tokens) ?? 0,
      generatorCpuSecondsPer1kTokens: per1k(result.generatorCpuSeconds, result.tokens) ?? 0,
      tokensPerCompleteStream: result.tokensPerCompleteStream,
      failures,
      ...(firstFailure === undefined ? {} : { firstFailure }),
      vsDirect: null,
      vsNginx: null,
      vsNodeProxy: null,
      cpuVsNginx: null,
      cpuVsNodeProxy: null,
    };
  });
  return {
    streams: options.streams,
    engineTokensPerSecondPerStream: options.engineTokensPerSecondPerStream,
    tokensPerStream: options.tokensPerStream,
    windowSeconds: options.windowMs / 1000,
    rows: compareThroughputRows(rows),
  };
}
