import type { runCucumber } from '@cucumber/cucumber/api';
import { SKIPPED_BY_PROFILE } from './support/skipped-by-profile.js';

/** Scenario or step counts by outcome. */
export interface OutcomeCounts {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Undefined, pending or ambiguous steps: the suite itself is broken. */
  other: number;
}

/** A scenario the profile declared unsupported. */
export interface SkippedScenario {
  /** The scenario's name. */
  scenario: string;
  /** Its `@CONF-…` tag, when it has one. */
  id?: string;
  /** The reason the profile gave. */
  reason: string;
}

/** What one run of the suite did, read from cucumber's message stream. */
export interface RunSummary {
  scenarios: OutcomeCounts;
  steps: OutcomeCounts;
  /** Names (with `@CONF-…` ids) of failed scenarios. */
  failedScenarios: string[];
  skippedByProfile: SkippedScenario[];
}

/** One cucumber message, as `runCucumber` hands it to its `onMessage` callback. */
export type Envelope = Parameters<NonNullable<Parameters<typeof runCucumber>[2]>>[0];

type Outcome = 'passed' | 'failed' | 'skipped' | 'other';

function toOutcome(status: string): Outcome {
  switch (status) {
    case 'PASSED':
      return 'passed';
    case 'FAILED':
      return 'failed';
    case 'SKIPPED':
      return 'skipped';
    default:
      return 'other';
  }
}

const SEVERITY: Readonly<Record<Outcome, number>> = { passed: 0, skipped: 1, other: 2, failed: 3 };

function emptyCounts(): OutcomeCounts {
  return { total: 0, passed: 0, failed: 0, skipped: 0, other: 0 };
}

/**
 * Collects cucumber messages (pass {@link RunSummaryCollector.onMessage} to `runCucumber`) into scenario and
 * step counts, failed scenario names and the scenarios skipped by the profile with their reasons.
 */
export class RunSummaryCollector {
  private readonly pickles = new Map<string, { name: string; id?: string }>();
  private readonly testCasePickles = new Map<string, string>();
  private readonly pickleSteps = new Set<string>();
  private readonly startedCases = new Map<string, string>();
  private readonly caseOutcomes = new Map<string, Outcome>();
  private readonly skipReasons = new Map<string, string>();
  private readonly steps = emptyCounts();

  /** Feeds one message. */
  readonly onMessage = (envelope: Envelope): void => {
    if (envelope.pickle) {
      const id = envelope.pickle.tags.find((tag) => tag.name.startsWith('@CONF-'))?.name;
      this.pickles.set(envelope.pickle.id, { name: envelope.pickle.name, ...(id ? { id } : {}) });
    }
    if (envelope.testCase) {
      this.testCasePickles.set(envelope.testCase.id, envelope.testCase.pickleId);
      for (const step of envelope.testCase.testSteps) {
        if (step.pickleStepId !== undefined) this.pickleSteps.add(step.id);
      }
    }
    if (envelope.testCaseStarted) {
      this.startedCases.set(envelope.testCaseStarted.id, envelope.testCaseStarted.testCaseId);
      this.caseOutcomes.set(envelope.testCaseStarted.id, 'passed');
    }
    if (envelope.testStepFinished) {
      const { testCaseStartedId, testStepId, testStepResult } = envelope.testStepFinished;
      const outcome = toOutcome(testStepResult.status);
      const current = this.caseOutcomes.get(testCaseStartedId) ?? 'passed';
      if (SEVERITY[outcome] > SEVERITY[current]) this.caseOutcomes.set(testCaseStartedId, outcome);
      if (this.pickleSteps.has(testStepId)) {
        this.steps.total += 1;
        this.steps[outcome] += 1;
      }
    }
    const attachment = envelope.attachment;
    if (attachment?.testCaseStartedId !== undefined && attachment.body.startsWith(SKIPPED_BY_PROFILE)) {
      this.skipReasons.set(attachment.testCaseStartedId, attachment.body.replace(/^[^:]*:\s*/, ''));
    }
  };

  /** The summary of everything fed so far. */
  summarise(): RunSummary {
    const scenarios = emptyCounts();
    const failedScenarios: string[] = [];
    const skippedByProfile: SkippedScenario[] = [];
    for (const [startedId, outcome] of this.caseOutcomes) {
      const pickle = this.pickles.get(this.testCasePickles.get(this.startedCases.get(startedId) ?? '') ?? '');
      const name = pickle?.name ?? startedId;
      scenarios.total += 1;
      scenarios[outcome] += 1;
      if (outcome === 'failed') failedScenarios.push(pickle?.id ? `${pickle.id} ${name}` : name);
      const reason = this.skipReasons.get(startedId);
      if (reason !== undefined) {
        skippedByProfile.push({ scenario: name, reason, ...(pickle?.id ? { id: pickle.id } : {}) });
      }
    }
    return { scenarios, steps: { ...this.steps }, failedScenarios, skippedByProfile };
  }
}
