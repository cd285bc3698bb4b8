import { mkdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ISupportCodeLibrary, loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import { isProfilePath, loadProfile } from './profiles/load-profile.js';
import { type RunSummary, RunSummaryCollector } from './run-summary.js';
import type { ConformanceParameters } from './support/conformance-parameters.js';

/** The package root: features, cucumber.mjs and golden files are found relative to it. */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Options of {@link runConformance}. */
export interface RunConformanceOptions {
  /** A built-in profile name (`mock`, `llamacpp`) or a path to a profile module. */
  profile: string;
  /** Base URL of a running engine; absent: the profile starts its own. */
  url?: string;
  /** Folder for the reports; a sub-folder per profile is made. Default: `reports/` of this package. */
  reportDir?: string;
  /** Golden folder that overrides the session's. */
  goldenDir?: string;
  /** Record golden files instead of comparing with them. */
  updateGolden?: boolean;
  /** A cucumber tag expression selecting scenarios, e.g. `@CONF-008 or @CONF-009`. */
  tags?: string;
  /** Where progress output goes. Default: the process's stdout. */
  stdout?: Writable;
  /** Where warnings and errors go. Default: the process's stderr. */
  stderr?: Writable;
  /** Folder that relative paths are resolved against. Default: the process's working directory. */
  cwd?: string;
  /** Support code loaded by an earlier run in this process (`--all` reuses it). */
  support?: ISupportCodeLibrary;
}

/** Outcome of one run. */
export interface ConformanceRunResult extends RunSummary {
  /** The profile's name. */
  profile: string;
  /** False when any scenario failed or a step is undefined, pending or ambiguous. */
  success: boolean;
  /** The report files written. */
  reports: { html: string; json: string; messages: string };
  /** Wall time of the run (engine start included), in milliseconds. */
  durationMs: number;
  /** The loaded support code, to pass to the next run in the same process. */
  support: ISupportCodeLibrary;
}

interface SuiteLayout {
  paths: string[];
  import: string[];
}

async function readSuiteLayout(): Promise<SuiteLayout> {
  const module = (await import(pathToFileURL(join(PACKAGE_ROOT, 'cucumber.mjs')).href)) as {
    default: SuiteLayout;
  };
  return { paths: module.default.paths, import: module.default.import };
}

/**
 * Runs the shared features against one adapter profile, in this process. TypeScript step definitions are
 * imported natively, so the process must run under tsx with the workspace packages' sources
 * (`tsx --conditions=@orch/source`, or `node --import tsx --conditions=@orch/source`).
 */
export async function runConformance(options: RunConformanceOptions): Promise<ConformanceRunResult> {
  const startedAt = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const profile = await loadProfile(options.profile, cwd);
  const reportRoot = resolve(cwd, options.reportDir ?? join(PACKAGE_ROOT, 'reports'));
  const reportDir = join(reportRoot, profile.name);
  await mkdir(reportDir, { recursive: true });
  const reports = {
    html: join(reportDir, 'cucumber.html'),
    json: join(reportDir, 'cucumber.json'),
    messages: join(reportDir, 'messages.ndjson'),
  };
  const worldParameters: ConformanceParameters = {
    profile:
      isProfilePath(options.profile) && !isAbsolute(options.profile)
        ? resolve(cwd, options.profile)
        : options.profile,
    updateGolden: options.updateGolden === true,
    cwd,
  };
  if (options.url !== undefined) worldParameters.url = options.url;
  if (options.goldenDir !== undefined) worldParameters.goldenDir = resolve(cwd, options.goldenDir);
  const layout = await readSuiteLayout();
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: layout.paths,
        import: layout.import,
        format: ['progress', `html:${reports.html}`, `json:${reports.json}`, `message:${reports.messages}`],
        worldParameters: { ...worldParameters },
        ...(options.tags === undefined ? {} : { tags: options.tags }),
      },
    },
    { cwd: PACKAGE_ROOT },
  );
  const collector = new RunSummaryCollector();
  const environment = {
    cwd: PACKAGE_ROOT,
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
  };
  const { success, support } = await runCucumber(
    { ...runConfiguration, support: options.support ?? runConfiguration.support },
    environment,
    collector.onMessage,
  ).catch((error: unknown) => {
    // Cucumber wraps a failing BeforeAll (the profile could not open its engine) and hides the reason.
    const reason =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new Error(`profile "${profile.name}" could not open a session: ${reason}`, { cause: error });
  });
  const summary = collector.summarise();
  return {
    profile: profile.name,
    success: success && summary.scenarios.failed === 0 && summary.scenarios.other === 0,
    reports,
    durationMs: performance.now() - startedAt,
    support,
    ...summary,
  };
}
