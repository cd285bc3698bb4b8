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
  /** Self time per relayed token, µs (when the token count is known). */
  perTokenUs: number | null;
}

/** The top costs of a profile. */
export interface ProfileSummary {
  /** Sampled time, ms. */
  totalMs: number;
  /** Time the process was idle (waiting in the event loop), ms. */
  idleMs: number;
  /** Busy time per relayed token, µs. */
  busyPerTokenUs: number | null;
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
  const workspace = /\/(apps|packages|test-harness)\/([^/]+)\/src\/(.*)$/.exec(url);
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
  tokens: number | undefined,
  top: number,
): ProfileCost[] {
  return [...costs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, selfUs]) => ({
      name,
      selfMs: selfUs / 1000,
      share: busyMs > 0 ? selfUs / 1000 / busyMs : 0,
      perTokenUs: tokens === undefined || tokens === 0 ? null : selfUs / tokens,
    }));
}

/**
 * Self time by function and by area of a CPU profile. With `tokens` (token events relayed while the profile
 * ran), every cost is also given per token, which is the figure the overhead budget is about.
 */
export function summariseCpuProfile(
  profile: CpuProfile,
  options: { tokens?: number; top?: number } = {},
): ProfileSummary {
  const top = options.top ?? 25;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
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
    busyPerTokenUs: options.tokens ? (totalUs - idleUs) / options.tokens : null,
    functions: rank(functions, busyMs, options.tokens, top),
    areas: rank(areas, busyMs, options.tokens, top),
  };
}
