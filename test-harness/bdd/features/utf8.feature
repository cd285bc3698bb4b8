@conformance
Feature: UTF-8 is never split
  A token's text always holds whole characters, even when the engine's tokens split a character's bytes.

  @CONF-017 @OC-ADAPT-6011
  Scenario: Multi-byte characters in the answer arrive whole and round-trip
    Given a seed for which the engine's answer to "Écris en français: 日本語 🙂" contains multi-byte characters
    When I stream that task
    Then every token's text is well-formed UTF-8 with no replacement character the engine did not send
    And the streamed text's UTF-8 bytes equal the engine's non-streamed answer's bytes

  @CONF-018 @OC-ADAPT-6011
  Scenario: A prompt with multi-byte characters is accepted and answered in whole characters
    When I stream the prompt "Grüße aus Zürich — ça va? 日本語 🙂" with max_tokens 16 and seed 23
    Then the event sequence follows the contract
    And every token's text is well-formed UTF-8
