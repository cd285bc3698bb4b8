@llama-server
Feature: A real llama-server killed with SIGKILL

  The same rules against the real engine: a dead replica is retried around before the first token; an engine
  killed mid-stream ends the stream with one typed error event saying how many tokens were delivered, never a
  bare close, and is not retried. Each scenario is one row of specs/faults.md.

  @ORCH-FLT-025 @ORCH-RES-001
  Scenario: With one of two replicas dead, the task is retried onto the healthy one before the first token
    Given a pool with a faulty and a healthy llama-server replica
    And the orchestrator is running
    And the faulty replica is killed with SIGKILL
    When a task reaches the faulty replica
    Then the client sees what the fault table says
    And the task ran on the healthy replica

  @ORCH-FLT-026 @ORCH-RES-002
  Scenario: A lone replica killed mid-stream ends the stream with a clean typed error
    Given a pool with a faulty llama-server replica
    And the orchestrator is running
    When a task streams on the faulty replica, which is killed with SIGKILL after token 2
    Then the client sees what the fault table says

  @ORCH-FLT-027 @ORCH-RES-002
  Scenario: A replica killed mid-stream is not retried onto the healthy replica beside it
    Given a pool with a faulty and a healthy llama-server replica
    And the orchestrator is running
    When a task streams on the faulty replica, which is killed with SIGKILL after token 2
    Then the client sees what the fault table says
