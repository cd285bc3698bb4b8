import type { FaultSettings } from '@orch/fake-engines';

/**
 * Every fault knob of the fake engines (packages/fake-engines, the fault table of specs/faults.md), in the order a
 * chaos engine goes through them. Stalls outlast the soak pool's timeouts, so they end as timeouts; `{}` is a
 * healthy stretch between faults.
 */
export const SOAK_FAULTS: readonly FaultSettings[] = [
  { refuse: true },
  {},
  { stallBeforeHeadersMs: 5_000 },
  { stallAfterTokens: 0, stallMs: 5_000, keepAliveEveryMs: 50 },
  { stallAfterTokens: 3, stallMs: 5_000 },
  { stallAfterTokens: 3, stallMs: 300, keepAliveEveryMs: 50 },
  {},
  { dropAfterTokens: 3 },
  { dropAfterTokens: 0 },
  { errorAfterTokens: 0 },
  { errorAfterTokens: 2, errorMessage: 'soak: injected failure' },
  {},
  { httpStatus: 500 },
  { httpStatus: 400 },
  { httpStatus: 429 },
  { httpStatus: 503, failMessage: 'soak: injected 503' },
  { httpStatus: 500, forRequests: 3 },
  { loadingForMs: 1_500 },
  {},
  { tokensPerSecond: 20 },
  { splitMultibyte: true, emptyTextEvents: true },
  { unhealthy: true },
];

/** The fault knobs {@link SOAK_FAULTS} sets, for the report (and a test that none is left out). */
export function listSoakFaultKnobs(): string[] {
  return [...new Set(SOAK_FAULTS.flatMap((faults) => Object.keys(faults)))].sort();
}
