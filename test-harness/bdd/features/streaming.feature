@conformance
Feature: Streaming a task
  Every adapter streams `started`, then `token` events numbered from 0, then exactly one terminal event.
  Token boundaries are the adapter's choice; the text they add up to is the engine's answer.

  @CONF-001 @OC-ADAPT-6011 @OC-ADAPT-6001
  Scenario: A task streams started, tokens in order and exactly one terminal event
    When I stream the prompt "Once upon a time" with max_tokens 24 and seed 42
    Then every event matches the stream event schema
    And the event sequence follows the contract
    And the first event is "started" for the task, with a non-empty engine and engine_version
    And the token indices count 0, 1, 2, … without gaps
    And the stream ends with exactly one "end" event and nothing after it

  @CONF-002 @OC-ADAPT-6011 @OC-ADAPT-6001
  Scenario: The streamed text equals the engine's non-streamed text
    When I stream the prompt "The engine" with max_tokens 24, seed 7 and temperature 0
    Then the event sequence follows the contract
    And the streamed text equals the engine's non-streamed text for the same task

  @CONF-003 @OC-ADAPT-6031
  Scenario: max_tokens is respected and reported as finish reason "length"
    When I stream the prompt "Count with me" with max_tokens 5, seed 3 and temperature 0
    Then the event sequence follows the contract
    And the stream ends with finish_reason "length"
    And at most 5 token events were delivered
    And the end event reports tokens_out 5 when it reports tokens_out

  @CONF-004 @OC-ADAPT-6011
  Scenario: A stop string ends generation and is not part of the text
    Given the engine's answer to the prompt "Stop here" with max_tokens 32, seed 11 and temperature 0
    When I stream the same task with a stop string taken from the middle of that answer
    Then the event sequence follows the contract
    And the stream ends with finish_reason "stop"
    And the streamed text does not contain the stop string
    And the streamed text is the answer up to the stop string

  @CONF-005
  Scenario: estimateTokens counts the prompt and adds max_tokens
    When I estimate the tokens of the prompt "How many tokens is this prompt?" with max_tokens 16
    Then the estimate has at least 1 prompt token and total_tokens equal to prompt_tokens plus 16
