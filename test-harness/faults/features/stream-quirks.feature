Feature: Engine stream quirks never reach the client

  Slow streams, characters split across network writes and empty-text events are normal engine behaviour: the
  client gets the whole answer, in whole characters, with no empty token. Each scenario is one row of
  specs/faults.md.

  @ORCH-FLT-021 @ORCH-RES-003
  Scenario: A slow but steady stream that lasts longer than the idle timeout in all is never cut
    Given a pool with a faulty fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"tokensPerSecond":30}'
    When a task with max_tokens 40 is sent
    Then the client sees what the fault table says
    And the stream lasted longer than the idle timeout

  @ORCH-FLT-022
  Scenario: Multi-byte characters split across writes arrive whole
    Given a pool with a faulty fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"splitMultibyte":true}'
    When a task with max_tokens 48 is sent
    Then the client sees what the fault table says
    And the text has no replacement character and no lone surrogate

  @ORCH-FLT-023
  Scenario: Empty-text engine events never become empty token events
    Given a pool with a faulty fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"emptyTextEvents":true}'
    When a task is sent
    Then the client sees what the fault table says
    And no token event has empty text
