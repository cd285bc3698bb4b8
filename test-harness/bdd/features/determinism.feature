@conformance
Feature: Seeds make answers reproducible
  A seed reported in `started` reproduces the answer byte for byte on the same replica; another seed
  samples another answer.

  @CONF-006 @OC-ADAPT-5010
  Scenario: The same seed gives the same bytes twice
    When I stream the prompt "Tell me a story" with max_tokens 32, seed 1234 and temperature 0.8
    And I stream the same task again with a new task id
    Then both streams end with finish_reason "length" or "stop"
    And both streams have byte-identical text
    And both "started" events report seed 1234

  @CONF-007 @OC-ADAPT-5010
  Scenario: Different seeds give different text
    When I stream the prompt "Tell me a story" with max_tokens 32, seed 1 and temperature 1
    And I stream the same task again with seed 2
    Then both streams end with finish_reason "length" or "stop"
    And the two streams have different text
