@conformance
Feature: Engine failures are typed
  Before a stream starts a failure rejects the iteration with a TaskError; after `started` it is one
  terminal `error` event. Either way the code is one of the taxonomy's.

  @CONF-015 @OC-ADAPT-6030
  Scenario: An engine failure before the stream rejects with a typed TaskError
    Given the engine will fail the next task before it starts
    When I stream the prompt "Doomed" with max_tokens 8 and seed 13
    Then the stream is rejected with a TaskError whose code is in the error taxonomy
    And no event was delivered

  @CONF-016 @OC-ADAPT-6030 @OC-ADAPT-6011
  Scenario: An engine failure during the stream ends it with a typed error event
    Given the engine will fail the next stream after 3 tokens
    When I stream the prompt "Half way" with max_tokens 64 and seed 17
    Then the event sequence follows the contract
    And at least 1 token arrived before the failure
    And the stream ends with one "error" event whose code is in the error taxonomy
    And the error event's tokens_delivered equals the number of token events
