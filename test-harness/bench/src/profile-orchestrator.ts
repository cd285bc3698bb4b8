import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toProfileClock } from './profile-clock.js';
import type { RelayHandle } from './relay-handle.js';
import { startFakeEngine, startOrchestrator } from './start-relays.js';
import { type ProfileSummary, summariseCpuProfile } from './summarise-cpu-profile.js';

/** The fake engine a profiled load runs against. */
export interface ProfiledEngine {
  url: URL;
  pid: number;
}

/** What a profiled load did inside its measured window (warm-up before it is left out). */
export interface ProfiledLoad {
  /** Units of work done inside the window: tokens relayed, tasks completed. */
  units: number;
  /** CPU seconds of the orchestrator process inside the window (/proc, every thread). */
  cpuSeconds: number;
  /** The window, `performance.now()` of the bench process. */
  windowStartMs: number;
  windowEndMs: number;
}

/** Options of {@link profileOrchestrator}. */
export interface ProfileOptions {
  workDir: string;
  /** Engine slots and the replica's max_concurrency. */
  capacity: number;
  orchestratorCli?: string;
  /** The Node.js binary the orchestrator runs under. */
  orchestratorNode?: string;
  /** Drives the load through the orchestrator (it sets the engine's faults itself). */
  load(orchestrator: RelayHandle, engine: ProfiledEngine): Promise<ProfiledLoad>;
}

/** The profile of the orchestrator under one load, with its costs per unit of work. */
export interface OrchestratorProfile {
  units: number;
  windowSeconds: number;
  /** CPU of the orchestrator process (/proc, every thread) per unit inside the window, µs. */
  processCpuPerUnitUs: number | null;
  /** The .cpuprofile file (open it in Chrome DevTools or speedscope). */
  file: string;
  summary: ProfileSummary;
}

/**
 * Runs a fresh orchestrator (and fake engine) under `node --cpu-prof`, drives `load` through it, stops it (the
 * profile is written at exit) and summarises the self time of the samples inside the load's window, by function
 * and by area, per unit of work.
 */
export async function profileOrchestrator(options: ProfileOptions): Promise<OrchestratorProfile> {
  const profileDir = join(options.workDir, 'cpu-profile');
  mkdirSync(profileDir, { recursive: true });
  const fake = await startFakeEngine(options.capacity);
  try {
    const orchestrator = await startOrchestrator({
      engineUrl: fake.handle.baseUrl,
      workDir: options.workDir,
      cpuProfileDir: profileDir,
      maxConcurrency: options.capacity,
      ...(options.orchestratorCli === undefined ? {} : { cli: options.orchestratorCli }),
      ...(options.orchestratorNode === undefined ? {} : { node: options.orchestratorNode }),
    });
    let load: ProfiledLoad;
    try {
      load = await options.load(orchestrator, { url: fake.handle.baseUrl, pid: fake.process.pid });
    } finally {
      await orchestrator.stop();
    }
    const window = { fromUs: toProfileClock(load.windowStartMs), toUs: toProfileClock(load.windowEndMs) };
    // One profile per thread (a .ts entry's tsx loader runs in a worker): the main thread is the busiest one.
    const profiles = readdirSync(profileDir)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => join(profileDir, name))
      .map((file) => ({
        file,
        summary: summariseCpuProfile(JSON.parse(readFileSync(file, 'utf8')), {
          units: load.units,
          top: 30,
          window,
        }),
      }))
      .sort((a, b) => b.summary.totalMs - b.summary.idleMs - (a.summary.totalMs - a.summary.idleMs));
    const main = profiles[0];
    if (main === undefined) throw new Error(`the orchestrator wrote no CPU profile into ${profileDir}`);
    if (main.summary.totalMs === 0) {
      throw new Error(`no sample of ${main.file} falls inside the load's window: the clocks do not match`);
    }
    return {
      units: load.units,
      windowSeconds: (load.windowEndMs - load.windowStartMs) / 1000,
      processCpuPerUnitUs: load.units === 0 ? null : (load.cpuSeconds / load.units) * 1e6,
      file: main.file,
      summary: main.summary,
    };
  } finally {
    await fake.process.stop();
  }
}
