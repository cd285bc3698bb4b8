@ORCH-RES-002
Feature: Faults after the first token end the stream with one typed error event

  Once a token has gone to the client, a failure is never retried: the stream ends with exactly one error event
  whose tokens_delivered is the number of token events the client received, and the text received is a prefix
  of the fault-free answer (nothing lost, duplicated or reordered). Each scenario is one row of specs/faults.md.

  @ORCH-FLT-006 @ORCH-RES-003
  Scenario: A stream that stalls after 3 tokens ends with idle_timeout
    Given a pool with a faulty fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"stallAfterTokens":3,"stallMs":10000}'
    When a task is sent
    Then the client sees what the fault table says

  @ORCH-FLT-007 @ORCH-RES-003
  Scenario: Engine keep-alive comments do not keep a stalled stream open, and it is not retried
    Given a pool with a faulty and a healthy fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"stallAfterTokens":3,"stallMs":10000,"keepAliveEveryMs":50}'
    When a task reaches the faulty replica
    Then the client sees what the fault table says
    And the task ran on the faulty replica

  @ORCH-FLT-008
  Scenario: A stall shorter than the idle timeout, filled with keep-alive comments, is invisible
    Given a pool with a faulty fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"stallAfterTokens":3,"stallMs":300,"keepAliveEveryMs":50}'
    When a task is sent
    Then the client sees what the fault table says

  @ORCH-FLT-009 @ORCH-RES-004
  Scenario: A task deadline that elapses during a stall ends the stream with deadline_exceeded
    Given a pool with a faulty fake "llamacpp" replica
    And the pool's idle timeout is 5000 ms
    And the pool's breaker opens after 1 failed attempt
    And the orchestrator is running
    And the faulty replica gets the fault '{"stallAfterTokens":3,"stallMs":10000}'
    When a task with deadline_ms 500 is sent
    Then the client sees what the fault table says
    And the error event is not retriable

  @ORCH-FLT-010
  Scenario: A connection dropped after 3 tokens ends with stream_truncated and is not retried
    Given a pool with a faulty and a healthy fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"dropAfterTokens":3}'
    When a task reaches the faulty replica
    Then the client sees what the fault table says
    And the task ran on the faulty replica

  @ORCH-FLT-016
  Scenario: An engine error event after 3 tokens ends with engine_error and is not retried
    Given a pool with a faulty and a healthy fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"errorAfterTokens":3}'
    When a task reaches the faulty replica
    Then the client sees what the fault table says
    And the task ran on the faulty replica
