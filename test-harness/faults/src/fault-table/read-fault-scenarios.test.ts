import { describe, expect, it } from 'vitest';
import { describeScenarioSetup } from './describe-scenario-setup.js';
import { parseFeatureScenarios } from './read-fault-scenarios.js';

const FEATURE = `@feature-tag
Feature: Something

  Prose that is not a step.

  @ORCH-FLT-001 @extra
  Scenario: First
    Given a pool with a faulty and a healthy fake "tgi" replica
    And the faulty replica gets the fault '{"httpStatus":429}'
    # a comment
    When a task is sent
    Then the client sees what the fault table says

  @ORCH-FLT-002
  Scenario: Second
    Given a pool with a faulty llama-server replica
    When a task streams on the faulty replica, which is killed with SIGKILL after token 2
`;

describe('parseFeatureScenarios and describeScenarioSetup', () => {
  it('reads each scenario with its own and its feature’s tags and its steps', () => {
    const [first, second] = parseFeatureScenarios(FEATURE, 'features/x.feature');
    expect(first).toEqual({
      where: 'features/x.feature:7',
      name: 'First',
      tags: ['feature-tag', 'ORCH-FLT-001', 'extra'],
      steps: [
        'a pool with a faulty and a healthy fake "tgi" replica',
        `the faulty replica gets the fault '{"httpStatus":429}'`,
        'a task is sent',
        'the client sees what the fault table says',
      ],
    });
    expect(second?.tags).toEqual(['feature-tag', 'ORCH-FLT-002']);
  });

  it('reads the engine, the replicas and the injection from the steps', () => {
    const [first, second] = parseFeatureScenarios(FEATURE, 'features/x.feature');
    expect(first && describeScenarioSetup(first)).toEqual({
      engine: 'tgi (fake)',
      replicas: 'faulty + healthy',
      injection: '{"httpStatus":429}',
    });
    expect(second && describeScenarioSetup(second)).toEqual({
      engine: 'llama-server',
      replicas: 'faulty',
      injection: 'SIGKILL after token 2',
    });
  });

  it('refuses Gherkin the suite does not use, instead of misreading it', () => {
    expect(() => parseFeatureScenarios('Feature: x\n  Scenario Outline: y\n', 'f')).toThrow(
      /plain scenarios/,
    );
  });
});
