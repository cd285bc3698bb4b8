/** A V8 CPU profile (`node --cpu-prof` writes one as JSON). Only the fields the summary reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one function or one area of the code. */
export interface ProfileCost {
  /** Function name and place (`name (file:line)`), or the area's name. */
  name: string;
  /** Self time, ms. */
  selfMs: number;
  /** Share of the busy (non-idle) time. */
  share: number;
  /** Self time per unit of work (relayed token, completed task), µs, when the count of units is known. */
  perUnitUs: number | null;
}

/** The top costs of a profile. */
export interface ProfileSummary {
  /** Sampled time (inside the window, when one was given), ms. */
  totalMs: number;
  /** Time the process was idle (waiting in the event loop), ms. */
  idleMs: number;
  /** Busy time per unit of work, µs. */
  busyPerUnitUs: number | null;
  /** Functions by self time, largest first. */
  functions: ProfileCost[];
  /** Areas (packages, runtime parts) by self time, largest first. */
  areas: ProfileCost[];
}

const IDLE = new Set(['(idle)']);

/** The part of the code a frame belongs to, from its URL: a workspace package, a library, or the runtime. */
export function classifyFrame(functionName: string, url: string): string {
  if (functionName === '(garbage collector)') return 'V8 garbage collector';
  if (functionName === '(program)') return 'V8/native (program)';
  if (functionName === '(idle)') return 'idle';
  if (url.length === 0) return 'native / builtins';
  if (url.startsWith('node:')) {
    const module = url.slice('node:'.length).replace(/^internal\//, '');
    if (/^(streams|webstreams)\//.test(module) || module === 'stream') return 'node streams (web + node)';
    if (/^(http|_http|net|dns|tls)/.test(module)) return 'node http/net';
    return `node:${module.split('/')[0]}`;
  }
  const workspace = /\/(apps|packages|test-harness)\/([^/]+)\/(?:src|dist)\/(.*)$/.exec(url);
  if (workspace !== null) {
    const [, , name, file] = workspace;
    const folder = (file as string).includes('/') ? `${(file as string).split('/')[0]}/` : '';
    return `@orch/${name} ${folder}`.trim();
  }
  const library = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(
    url.replace(/.*\/node_modules\/\.pnpm\/[^/]+/, ''),
  );
  if (library !== null) return library[1] as string;
  return url;
}

function shortLocation(url: string, line: number): string {
  const file = url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '')
    .replace(/^.*?\/(apps|packages|test-harness)\//, '$1/');
  return `${file}:${line + 1}`;
}

function rank(
  costs: Map<string, number>,
  busyMs: number,
  units: number | undefined,
  top: number,
): ProfileCost[] {
  return [...costs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, selfUs]) => ({
      name,
      selfMs: selfUs / 1000,
      share: busyMs > 0 ? selfUs / 1000 / busyMs : 0,
      perUnitUs: units === undefined || units === 0 ? null : selfUs / units,
    }));
}

/** Options of {@link summariseCpuProfile}. */
export interface SummariseOptions {
  /** Units of work done inside the window (token events relayed, tasks completed): costs are also given per unit. */
  units?: number;
  /** Entries kept per table. */
  top?: number;
  /**
   * Only samples taken inside this span count, in the profile's clock (µs of the monotonic clock, which is
   * `process.hrtime` / 1000 in every process of the machine): start-up and warm-up stay out of the figures.
   */
  window?: { fromUs: number; toUs: number };
}

/**
 * Self time by function and by area of a CPU profile. With `units` (the work done while the profile ran),
 * every cost is also given per unit, which is the figure the overhead budget is about.
 */
export function summariseCpuProfile(profile: CpuProfile, options: SummariseOptions = {}): ProfileSummary {
  const top = options.top ?? 25;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const { window } = options;
  let sampledAt = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    sampledAt += delta;
    if (window !== undefined && (sampledAt < window.fromUs || sampledAt > window.toUs)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    totalUs += us;
    if (IDLE.has(frame.functionName)) {
      idleUs += us;
      continue;
    }
    const name =
      frame.url.length === 0
        ? frame.functionName || '(anonymous)'
        : `${frame.functionName || '(anonymous)'} (${shortLocation(frame.url, frame.lineNumber)})`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    const area = classifyFrame(frame.functionName, frame.url);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const busyMs = (totalUs - idleUs) / 1000;
  return {
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    busyPerUnitUs: options.units ? (totalUs - idleUs) / options.units : null,
    functions: rank(functions, busyMs, options.units, top),
    areas: rank(areas, busyMs, options.units, top),
  };
}
