import type { Task } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { listDroppedFields, type TaskFieldUses, warnDroppedFields } from './task-field-uses.js';
import { createRecordingLogger } from './testing/create-recording-logger.js';

const uses: TaskFieldUses = {
  task_id: 'sent',
  model: 'replaced',
  prompt: 'sent',
  messages: 'sent',
  max_tokens: 'sent',
  temperature: 'sent',
  top_p: 'sent',
  top_k: 'sent',
  min_p: 'dropped',
  seed: 'sent',
  stop: 'sent',
  response_format: 'sent',
};

const task: Task = { task_id: 't', model: 'm', prompt: 'hi', max_tokens: 4, priority: 'interactive' };

describe('listDroppedFields', () => {
  it('lists no field when every field set is sent, replaced or consumed by the orchestrator', () => {
    expect(
      listDroppedFields({ ...task, deadline_ms: 100, temperature: 0, determinism: 'strict' }, uses),
    ).toEqual([]);
  });

  it('lists the fields the table drops, only when the task sets them', () => {
    expect(listDroppedFields({ ...task, min_p: 0.05 }, uses)).toEqual(['min_p']);
    expect(listDroppedFields({ ...task, min_p: undefined }, uses)).toEqual([]);
  });

  it('lists a field the Task type does not have, and one named like an Object method', () => {
    const extra = Object.assign({ logit_bias: { 1: -100 }, toString: 'x' }, task);
    expect(listDroppedFields(extra, uses)).toEqual(['logit_bias', 'toString']);
  });
});

describe('warnDroppedFields', () => {
  it('warns once with the task id and the fields, and stays silent when none were dropped', () => {
    const { logger, logs } = createRecordingLogger();
    warnDroppedFields(logger, 'drops fields', task, []);
    expect(logs).toEqual([]);
    warnDroppedFields(logger, 'drops fields', task, ['min_p']);
    expect(logs).toEqual([
      { level: 'warn', message: 'drops fields', fields: { task_id: 't', fields: ['min_p'] } },
    ]);
  });
});
