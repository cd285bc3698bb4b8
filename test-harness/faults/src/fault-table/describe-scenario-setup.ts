import type { FaultSetup } from '../observation/task-observation.js';
import type { FaultScenario } from './read-fault-scenarios.js';

const FAKE_POOL = /^a pool with a faulty( and a healthy)? fake "([a-z]+)" replica$/;
const LLAMA_POOL = /^a pool with a faulty( and a healthy)? llama-server replica$/;
const KNOBS = /^the faulty replica (?:gets|starts with) the fault '(.*)'$/;
const KILLED_BEFORE = /^the faulty replica is killed with SIGKILL$/;
const KILLED_AFTER = /^a task streams on the faulty replica, which is killed with SIGKILL after token (\d+)$/;

/**
 * The fault setup a scenario's steps describe, read from their text the way the step definitions act on it;
 * a field stays undefined when no step sets it.
 */
export function describeScenarioSetup(scenario: FaultScenario): Partial<FaultSetup> {
  const setup: Partial<FaultSetup> = {};
  for (const step of scenario.steps) {
    const fake = FAKE_POOL.exec(step);
    const llama = LLAMA_POOL.exec(step);
    const pool = fake ?? llama;
    if (pool !== null) setup.replicas = pool[1] === undefined ? 'faulty' : 'faulty + healthy';
    if (fake !== null) setup.engine = `${fake[2]} (fake)`;
    if (llama !== null) setup.engine = 'llama-server';
    const knobs = KNOBS.exec(step);
    if (knobs !== null) setup.injection = knobs[1] as string;
    if (KILLED_BEFORE.test(step)) setup.injection = 'SIGKILL before the task';
    const killedAfter = KILLED_AFTER.exec(step);
    if (killedAfter !== null) setup.injection = `SIGKILL after token ${killedAfter[1]}`;
  }
  return setup;
}
