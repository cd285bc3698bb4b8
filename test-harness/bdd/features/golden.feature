@conformance
Feature: Golden event sequences
  A recorded stream, with volatile keys left out (ids, timings, the engine's version) and the optional
  `metrics` events dropped, must come back identical. Record with `--update-golden`.

  @CONF-019 @OC-ADAPT-6011 @OC-ADAPT-5010 @golden
  Scenario: A greedy completion matches its golden event sequence
    When I stream the prompt "Golden" with max_tokens 12, seed 1234 and temperature 0
    Then the normalised event sequence equals the golden "greedy-12"

  @CONF-020 @OC-ADAPT-6011 @golden
  Scenario: A completion cut by a stop string matches its golden event sequence
    Given the engine's answer to the prompt "Golden stop" with max_tokens 24, seed 99 and temperature 0
    When I stream the same task with a stop string taken from the middle of that answer
    Then the normalised event sequence equals the golden "stop-string"
