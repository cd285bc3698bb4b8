import { fileURLToPath } from 'node:url';
import type { LaunchSpec } from '../launch-spec.js';

/** The fake engine script (plain JavaScript, run by the current `node`). */
export const FAKE_ENGINE_PATH = fileURLToPath(new URL('./fake-engine.mjs', import.meta.url));

/** A launch spec that runs the fake engine with `flags` on a supervisor-assigned port. */
export function fakeEngineSpec(
  flags: readonly string[] = [],
  overrides: Partial<LaunchSpec> = {},
): LaunchSpec {
  return {
    command: process.execPath,
    args: [FAKE_ENGINE_PATH, '--port', '{port}', '--host', '{host}', ...flags],
    health: { path: '/health', intervalMs: 20, probeTimeoutMs: 500 },
    startTimeoutMs: 10_000,
    stopTimeoutMs: 2_000,
    ...overrides,
  };
}
