@ORCH-RES-001
Feature: Faults before the first token are hidden by a retry, or answered with a clear HTTP error

  Until the first token has gone to the client nothing has been sent, so a retriable failure is retried on the
  pool's other replica (the stream's started event says attempt 2). With no other replica, the client gets the
  failure as a JSON error envelope with its code's HTTP status. Each scenario is one row of specs/faults.md.

  @ORCH-FLT-001
  Scenario: A lone replica that refuses connections is answered with 503 engine_unavailable at once
    Given a pool with a faulty fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"refuse":true}'
    When a task is sent
    Then the client sees what the fault table says

  @ORCH-FLT-002
  Scenario: A replica that refuses connections is skipped: the task streams from the healthy one
    Given a pool with a faulty and a healthy fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"refuse":true}'
    When a task reaches the faulty replica
    Then the client sees what the fault table says
    And the task ran on the healthy replica

  @ORCH-FLT-003 @ORCH-RES-005
  Scenario: A lone replica that stalls before its response headers is answered with 504 ttft_timeout
    Given a pool with a faulty fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"stallBeforeHeadersMs":10000}'
    When a task is sent
    Then the client sees what the fault table says

  @ORCH-FLT-004 @ORCH-RES-005
  Scenario: A replica that stalls before its response headers loses the task to the healthy one
    Given a pool with a faulty and a healthy fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"stallBeforeHeadersMs":10000}'
    When a task reaches the faulty replica
    Then the client sees what the fault table says
    And the task ran on the healthy replica

  @ORCH-FLT-005 @ORCH-RES-005
  Scenario: Keep-alive comments are not a first token
    Given a pool with a faulty and a healthy fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"stallAfterTokens":0,"stallMs":10000,"keepAliveEveryMs":50}'
    When a task reaches the faulty replica
    Then the client sees what the fault table says
    And the task ran on the healthy replica

  @ORCH-FLT-011
  Scenario: A connection dropped before the first token is retried on the healthy replica
    Given a pool with a faulty and a healthy fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"dropAfterTokens":0}'
    When a task reaches the faulty replica
    Then the client sees what the fault table says
    And the task ran on the healthy replica

  @ORCH-FLT-012
  Scenario: A lone replica answering HTTP 500 gives 502 engine_error
    Given a pool with a faulty fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"httpStatus":500}'
    When a task is sent
    Then the client sees what the fault table says

  @ORCH-FLT-013
  Scenario: A replica answering HTTP 500 loses the task to the healthy one
    Given a pool with a faulty and a healthy fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"httpStatus":500}'
    When a task reaches the faulty replica
    Then the client sees what the fault table says
    And the task ran on the healthy replica

  @ORCH-FLT-014 @ORCH-RES-012
  Scenario: An engine's HTTP 400 is not retried, even with a healthy replica beside it, and trips no breaker
    Given a pool with a faulty and a healthy fake "llamacpp" replica
    And the pool's breaker opens after 1 failed attempt
    And the orchestrator is running
    And the faulty replica gets the fault '{"httpStatus":400}'
    When a task reaches the faulty replica
    Then the client sees what the fault table says

  @ORCH-FLT-015 @ORCH-RES-012
  Scenario: An engine's HTTP 429 is 503 engine_overloaded and trips no breaker
    Given a pool with a faulty fake "llamacpp" replica
    And the pool's breaker opens after 1 failed attempt
    And the orchestrator is running
    And the faulty replica gets the fault '{"httpStatus":429}'
    When a task is sent
    Then the client sees what the fault table says

  @ORCH-FLT-017
  Scenario: An error event inside a 200 stream before the first token is retried on the healthy replica
    Given a pool with a faulty and a healthy fake "tgi" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"errorAfterTokens":0}'
    When a task reaches the faulty replica
    Then the client sees what the fault table says
    And the task ran on the healthy replica

  @ORCH-FLT-018
  Scenario: An overload error event inside a 200 stream is answered 503 engine_overloaded, not streamed
    Given a pool with a faulty fake "tgi" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"httpStatus":429}'
    When a task is sent
    Then the client sees what the fault table says

  @ORCH-FLT-019
  Scenario: A replica that starts loading after its health probe answers 503; once loaded it serves again
    Given a pool with a faulty fake "llamacpp" replica
    And the orchestrator is running
    And the faulty replica gets the fault '{"loadingForMs":1500}'
    When a task is sent
    Then once the faulty engine has loaded, a task streams to its end
    And the client sees what the fault table says

  @ORCH-FLT-020
  Scenario: A replica loading at startup is never tried, and the health probe brings it back
    Given a pool with a faulty and a healthy fake "llamacpp" replica
    And health probes run every 100 ms
    And the faulty replica starts with the fault '{"loadingForMs":1500}'
    And the orchestrator is running
    When a task is sent
    Then the client sees what the fault table says
    And the task ran on the healthy replica
    And the faulty replica received no task
    And the faulty replica is ready again within 5000 ms
