import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The orchestrator package's version (its package.json, beside both src/ and dist/), read once. */
export function readOrchestratorVersion(): string {
  if (cached !== undefined) return cached;
  try {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    cached = typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    cached = 'unknown';
  }
  return cached;
}
