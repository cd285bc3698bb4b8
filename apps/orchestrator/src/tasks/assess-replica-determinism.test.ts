import type { Task } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { createConfigSchema } from '../config/config-schema.js';
import { ENGINE_MODULES } from '../engine-modules.js';
import { createLogger } from '../logging/logger.js';
import { createMetrics } from '../metrics/create-metrics.js';
import { createPools } from '../pools/create-pools.js';
import type { Pool } from '../pools/pool.js';
import type { Replica } from '../pools/replica.js';
import { assessReplicaDeterminism, deterministicReplicas } from './assess-replica-determinism.js';
import { checkDeterminismSupport } from './check-determinism-support.js';

function poolOf(engine: string, replicas: Record<string, unknown>[]): Pool {
  const config = createConfigSchema(ENGINE_MODULES).parse({
    pools: [
      {
        id: 'p',
        model: 'p',
        engine,
        replicas: replicas.map((replica, index) => ({
          id: `r${index}`,
          url: `http://127.0.0.1:${9000 + index}`,
          ...replica,
        })),
      },
    ],
  });
  return createPools(config, createLogger({ write: () => {} }), createMetrics())[0] as Pool;
}

function withSlots(pool: Pool, slots: (number | undefined)[]): Pool {
  pool.replicas.forEach((replica, index) => {
    const slotsTotal = slots[index];
    replica.properties =
      slotsTotal === undefined
        ? undefined
        : { engine: replica.engine, engine_version: 'b1', model: 'p', slots_total: slotsTotal };
  });
  return pool;
}

const strictTask: Task = {
  task_id: 't',
  model: 'p',
  prompt: 'x',
  max_tokens: 4,
  priority: 'interactive',
  determinism: 'strict',
};

describe('assessReplicaDeterminism (ORCH-DET-041)', () => {
  it('accepts a declared llama.cpp replica only when it reports one slot or is declared batch-invariant', () => {
    const pool = withSlots(
      poolOf('llamacpp', [
        { deterministic: true },
        { deterministic: true },
        { deterministic: true, batch_invariant: true },
        {},
        { deterministic: true },
      ]),
      [1, 2, 4, 1, undefined],
    );
    expect(pool.replicas.map((replica) => assessReplicaDeterminism(pool, replica).verdict)).toEqual([
      'yes',
      'no',
      'yes',
      'no',
      'unknown',
    ]);
    expect(assessReplicaDeterminism(pool, pool.replicas[1] as Replica)).toMatchObject({
      reason: expect.stringMatching(/runs 2 slots: run it with -np 1 or declare batch_invariant/),
    });
    expect(deterministicReplicas(pool).map((replica) => replica.id)).toEqual(['r0', 'r2']);
  });

  it('needs batch_invariant for vLLM and the other batching engines', () => {
    const pool = withSlots(
      poolOf('vllm', [{ deterministic: true }, { deterministic: true, batch_invariant: true }]),
      [1, 256],
    );
    expect(pool.replicas.map((replica) => assessReplicaDeterminism(pool, replica).verdict)).toEqual([
      'no',
      'yes',
    ]);
  });
});

describe('checkDeterminismSupport (ORCH-DET-042)', () => {
  it('refuses a strict task when every replica is ruled out, naming each reason', () => {
    const pool = withSlots(poolOf('llamacpp', [{ deterministic: true }, {}]), [3, 1]);
    expect(() => checkDeterminismSupport(strictTask, pool)).toThrowError(
      expect.objectContaining({
        code: 'capability_unsupported',
        message: expect.stringMatching(/r0: llama\.cpp runs 3 slots.*r1: not declared deterministic/),
      }),
    );
  });

  it('lets a strict task through while a declared replica has not been read yet, and ignores best-effort tasks', () => {
    const pool = withSlots(poolOf('llamacpp', [{ deterministic: true }]), [undefined]);
    expect(() => checkDeterminismSupport(strictTask, pool)).not.toThrow();
    const none = withSlots(poolOf('llamacpp', [{}]), [1]);
    expect(() => checkDeterminismSupport({ ...strictTask, determinism: 'best_effort' }, none)).not.toThrow();
  });
});
