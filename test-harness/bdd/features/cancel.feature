@conformance
Feature: Cancelling a task
  Cancel is race-free: after it no token is delivered, the stream still ends with one terminal event, and
  the engine's slot is released.

  @CONF-008 @OC-ADAPT-6000
  Scenario: Aborting the signal mid-stream stops the tokens and frees the slot
    Given I note the engine's free slots
    When I stream the prompt "Keep talking" with max_tokens 400 and seed 5, aborting the signal after 3 tokens
    Then no token arrived after the cancel
    And the event sequence follows the contract
    And the stream ends with finish_reason "cancelled"
    And the engine's free slots return to the noted number

  @CONF-009 @OC-ADAPT-6000
  Scenario: cancel(task_id) mid-stream stops the tokens and frees the slot
    Given I note the engine's free slots
    When I stream the prompt "Keep talking" with max_tokens 400 and seed 6, calling cancel with the task id after 3 tokens
    Then no token arrived after the cancel
    And the event sequence follows the contract
    And the stream ends with finish_reason "cancelled"
    And the engine's free slots return to the noted number

  @CONF-010 @OC-ADAPT-6000
  Scenario: A task whose signal is already aborted is rejected before it starts
    When I stream the prompt "Never mind" with max_tokens 8 and an already aborted signal
    Then the stream is rejected with a TaskError whose code is "cancelled"
    And no event was delivered

  @CONF-011 @OC-ADAPT-6000
  Scenario: Cancelling an unknown task id does nothing
    When I cancel the task id "conformance-no-such-task"
    And I stream the prompt "Still here" with max_tokens 4 and seed 9
    Then the event sequence follows the contract
    And the stream ends with exactly one "end" event and nothing after it
