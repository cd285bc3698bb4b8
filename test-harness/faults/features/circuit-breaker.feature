@ORCH-RES-012
Feature: Repeated replica faults open the replica's circuit breaker

  Each scenario is one row of specs/faults.md.

  @ORCH-FLT-024
  Scenario: After the faulty replica's breaker opens, tasks go straight to the healthy replica
    Given a pool with a faulty and a healthy fake "llamacpp" replica
    And the pool's breaker opens after 2 failed attempts
    And the orchestrator is running
    And the faulty replica gets the fault '{"httpStatus":500}'
    When tasks are sent until the faulty replica's breaker opens
    And one more task is sent
    Then the client sees what the fault table says
    And the task ran on the healthy replica
