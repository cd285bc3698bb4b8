import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runClosedLoopLoad } from './closed-loop-load.js';
import { setFakeFaults } from './fake-engine-control.js';
import { startFakeEngine, startOrchestrator } from './start-relays.js';
import { type ProfileSummary, summariseCpuProfile } from './summarise-cpu-profile.js';

/** Options of {@link profileOrchestrator}. */
export interface ProfileOptions {
  workDir: string;
  streams: number;
  maxTokens: number;
  durationMs: number;
  /** Engine pace per stream (0 = unthrottled). */
  engineTokensPerSecondPerStream: number;
  orchestratorCli?: string;
}

/** The profile of the orchestrator under streaming load, with its costs per relayed token. */
export interface OrchestratorProfile {
  /** Token events relayed while the profile ran. */
  tokens: number;
  /** The .cpuprofile file (open it in Chrome DevTools or speedscope). */
  file: string;
  summary: ProfileSummary;
}

/**
 * Runs the orchestrator under `node --cpu-prof` with `streams` streams (engine at the given pace) for `durationMs`, stops it
 * (the profile is written at exit) and summarises self time by function and by area, per relayed token.
 */
export async function profileOrchestrator(options: ProfileOptions): Promise<OrchestratorProfile> {
  const profileDir = join(options.workDir, 'cpu-profile');
  mkdirSync(profileDir, { recursive: true });
  const fake = await startFakeEngine(options.streams + 64);
  try {
    const orchestrator = await startOrchestrator({
      engineUrl: fake.handle.baseUrl,
      workDir: options.workDir,
      cpuProfileDir: profileDir,
      maxConcurrency: options.streams + 64,
      cli: options.orchestratorCli,
    });
    let tokens = 0;
    const pace = options.engineTokensPerSecondPerStream;
    await setFakeFaults(fake.handle.baseUrl, pace > 0 ? { tokensPerSecond: pace } : {});
    try {
      const result = await runClosedLoopLoad(orchestrator, {
        streams: options.streams,
        maxTokens: options.maxTokens,
        warmupMs: 1_000,
        durationMs: options.durationMs,
        enginePid: fake.process.pid,
        recordGaps: false,
        prompt: 'Hello',
      });
      tokens = result.totalTokens;
    } finally {
      await orchestrator.stop();
    }
    // One profile per thread (tsx runs its loader in a worker): the main thread is the busiest one.
    const profiles = readdirSync(profileDir)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => join(profileDir, name))
      .map((file) => ({
        file,
        summary: summariseCpuProfile(JSON.parse(readFileSync(file, 'utf8')), { tokens, top: 30 }),
      }))
      .sort((a, b) => b.summary.totalMs - b.summary.idleMs - (a.summary.totalMs - a.summary.idleMs));
    const main = profiles[0];
    if (main === undefined) throw new Error(`the orchestrator wrote no CPU profile into ${profileDir}`);
    return { tokens, file: main.file, summary: main.summary };
  } finally {
    await fake.process.stop();
  }
}
