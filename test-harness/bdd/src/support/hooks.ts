import { After, AfterAll, Before, BeforeAll, setDefaultTimeout } from '@cucumber/cucumber';
import { loadProfile } from '../profiles/load-profile.js';
import { findActiveRun, setActiveRun } from './active-run.js';
import { readConformanceParameters } from './conformance-parameters.js';
import { findUnsupportedReason } from './find-unsupported-reason.js';
import { SKIPPED_BY_PROFILE } from './skipped-by-profile.js';
import type { ConformanceWorld } from './world.js';

/** Every step is bounded; the engine restart scenario is the slowest. */
setDefaultTimeout(60_000);

BeforeAll({ timeout: 300_000 }, async function () {
  const parameters = readConformanceParameters(this.parameters);
  const profile = await loadProfile(parameters.profile, parameters.cwd);
  const openOptions: { url?: string; log: (message: string) => void } = {
    log: (message) => process.stderr.write(`[${profile.name}] ${message}\n`),
  };
  if (parameters.url !== undefined) openOptions.url = parameters.url;
  const session = await profile.open(openOptions);
  const goldenDir = parameters.goldenDir ?? session.goldenDir;
  const unsupported: Record<string, string> = { ...profile.unsupported, ...session.unsupported };
  if (goldenDir === undefined) {
    unsupported['@golden'] ??=
      'no golden sequences are recorded for this engine and model; record them with --update-golden --golden-dir DIR';
  }
  setActiveRun({
    profile,
    session,
    unsupported,
    updateGolden: parameters.updateGolden === true,
    ...(goldenDir === undefined ? {} : { goldenDir }),
  });
});

AfterAll({ timeout: 60_000 }, async () => {
  const run = findActiveRun();
  setActiveRun(undefined);
  await run?.session.close();
});

Before(function (this: ConformanceWorld, { pickle }) {
  const reason = findUnsupportedReason(this.run.unsupported, pickle);
  if (reason === undefined) return undefined;
  this.log(`${SKIPPED_BY_PROFILE} "${this.run.profile.name}": ${reason}`);
  return 'skipped';
});

After({ timeout: 120_000 }, async function (this: ConformanceWorld) {
  await this.cleanUp();
});
