@conformance
Feature: Health and properties come from the engine
  `health()` never throws, `properties()` reports what the engine itself says, including its real version.

  @CONF-012 @OC-ADAPT-5011 @OC-ADAPT-6010 @OC-ADAPT-6000
  Scenario: Properties carry the engine's real version
    When I read the adapter's properties
    Then engine_version is a real version: not empty and not "unknown"
    And engine_version equals the version the engine reports itself, when the profile can read it
    And a streamed task's "started" event reports the same engine_version
    And slots_free, when reported, is between 0 and slots_total

  @CONF-013 @OC-ADAPT-6000
  Scenario: Health is ready while the engine runs
    When I probe the adapter's health
    Then the health state is "ready"

  @CONF-014 @OC-ADAPT-6000
  Scenario: Health reports the engine down, then ready again when it returns
    Given the engine is stopped
    When I probe the adapter's health
    Then the health state is "down" and the probe did not throw
    And reading properties is rejected with a TaskError
    When the engine is started again
    Then the health state becomes "ready" within 60 seconds
    And I can stream the prompt "Welcome back" with max_tokens 4 and seed 21
