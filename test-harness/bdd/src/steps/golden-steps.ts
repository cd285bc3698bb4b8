import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Then } from '@cucumber/cucumber';
import { normaliseEvents } from '../support/normalise-events.js';
import type { ConformanceWorld } from '../support/world.js';

Then(
  'the normalised event sequence equals the golden {string}',
  async function (this: ConformanceWorld, name: string) {
    const goldenDir = this.run.goldenDir;
    assert.ok(goldenDir !== undefined, 'no golden directory: the profile should list @golden as unsupported');
    const path = join(goldenDir, `${name}.json`);
    const actual = normaliseEvents(this.events);
    if (this.run.updateGolden) {
      await mkdir(goldenDir, { recursive: true });
      await writeFile(path, `${JSON.stringify(actual, null, 2)}\n`);
      this.log(`recorded ${path}`);
      return;
    }
    const stored = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        throw new Error(`No golden file ${path}: record it with --update-golden from a build you trust.`);
      }
      throw error;
    });
    assert.deepEqual(actual, JSON.parse(stored), `the stream differs from ${path}`);
  },
);
