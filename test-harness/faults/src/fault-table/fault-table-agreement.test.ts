import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeScenarioSetup } from './describe-scenario-setup.js';
import { parseFaultTable } from './parse-fault-table.js';
import { readFaultScenarios } from './read-fault-scenarios.js';
import { FAULT_TABLE_PATH } from './read-fault-table.js';
import { sameInjection } from './same-injection.js';

const markdown = readFileSync(FAULT_TABLE_PATH, 'utf8');
const rows = parseFaultTable(markdown);
const scenarios = readFaultScenarios();
const TABLE_STEP = 'the client sees what the fault table says';

function rowTags(tags: readonly string[]): string[] {
  return tags.filter((tag) => tag.startsWith('ORCH-FLT-'));
}

describe('specs/faults.md and the fault scenarios agree', () => {
  it('has a scenario tagged with the ID of every row, and only one', () => {
    const missing = rows
      .filter((row) => scenarios.filter((scenario) => scenario.tags.includes(row.id)).length !== 1)
      .map((row) => row.id);
    expect(missing).toEqual([]);
  });

  it('gives every scenario exactly one row ID that the table has', () => {
    const ids = new Set(rows.map((row) => row.id));
    const wrong = scenarios
      .filter((scenario) => {
        const tags = rowTags(scenario.tags);
        return tags.length !== 1 || !ids.has(tags[0] as string);
      })
      .map((scenario) => `${scenario.where} ${rowTags(scenario.tags).join(' ') || '(no ORCH-FLT tag)'}`);
    expect(wrong).toEqual([]);
  });

  it('ends every scenario with the step that compares the client with its row', () => {
    const without = scenarios.filter((scenario) => !scenario.steps.includes(TABLE_STEP));
    expect(without.map((scenario) => scenario.where)).toEqual([]);
  });

  it('injects in every scenario the fault its row names, on the engine and replicas its row names', () => {
    const disagreements = scenarios.flatMap((scenario) => {
      const row = rows.find((candidate) => scenario.tags.includes(candidate.id));
      if (row === undefined) return [];
      const setup = describeScenarioSetup(scenario);
      const problems: string[] = [];
      if (setup.engine !== row.engine) problems.push(`engine ${setup.engine} ≠ ${row.engine}`);
      if (setup.replicas !== row.replicas) problems.push(`replicas ${setup.replicas} ≠ ${row.replicas}`);
      if (!sameInjection(setup.injection, row.injection)) {
        problems.push(`injection ${setup.injection} ≠ ${row.injection}`);
      }
      return problems.map((problem) => `${row.id} (${scenario.where}): ${problem}`);
    });
    expect(disagreements).toEqual([]);
  });

  it('defines, as a requirement, exactly the IDs of the table rows', () => {
    const defined = [...markdown.matchAll(/^- \*\*(ORCH-FLT-\d{3})\*\*/gm)].map((match) => match[1]);
    expect(defined).toEqual(rows.map((row) => row.id));
  });
});
