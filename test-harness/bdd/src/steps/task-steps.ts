import { Given, When } from '@cucumber/cucumber';
import type { ConformanceWorld, TaskFields } from '../support/world.js';

async function streamPrompt(world: ConformanceWorld, fields: TaskFields): Promise<void> {
  await world.streamTask(world.makeTask(fields));
}

When(
  'I stream the prompt {string} with max_tokens {int} and seed {int}',
  async function (this: ConformanceWorld, prompt: string, maxTokens: number, seed: number) {
    await streamPrompt(this, { prompt, max_tokens: maxTokens, seed });
  },
);

When(
  'I stream the prompt {string} with max_tokens {int}, seed {int} and temperature {float}',
  async function (
    this: ConformanceWorld,
    prompt: string,
    maxTokens: number,
    seed: number,
    temperature: number,
  ) {
    await streamPrompt(this, { prompt, max_tokens: maxTokens, seed, temperature });
  },
);

When('I stream the same task again with a new task id', async function (this: ConformanceWorld) {
  const task = requireTask(this);
  await this.streamTask({ ...task, task_id: this.makeTask(task).task_id });
});

When('I stream the same task again with seed {int}', async function (this: ConformanceWorld, seed: number) {
  const task = requireTask(this);
  await this.streamTask({ ...task, task_id: this.makeTask(task).task_id, seed });
});

Given(
  "the engine's answer to the prompt {string} with max_tokens {int}, seed {int} and temperature {float}",
  async function (
    this: ConformanceWorld,
    prompt: string,
    maxTokens: number,
    seed: number,
    temperature: number,
  ) {
    const stream = await this.streamTask(this.makeTask({ prompt, max_tokens: maxTokens, seed, temperature }));
    if (stream.rejection !== undefined) throw stream.rejection;
    this.referenceText = stream.text;
  },
);

/** The task of the last stream step. */
export function requireTask(world: ConformanceWorld) {
  if (world.task === undefined) throw new Error('No task was streamed before this step.');
  return world.task;
}
