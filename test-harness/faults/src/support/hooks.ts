import { After, Before, setDefaultTimeout } from '@cucumber/cucumber';
import type { FaultWorld } from './fault-world.js';

/** Every step is bounded; the slowest (a loop of tasks over a timeout fault) stays well under this. */
setDefaultTimeout(30_000);

Before(function (this: FaultWorld, { pickle }) {
  this.rowId = pickle.tags.map((tag) => tag.name.slice(1)).find((name) => name.startsWith('ORCH-FLT-'));
});

After({ timeout: 20_000 }, async function (this: FaultWorld, { result }) {
  if (result?.status === 'FAILED' && this.logLines.length > 0) {
    this.attach(this.logLines.slice(-15).join('\n'), 'text/plain');
  }
  await this.cleanUp();
});
