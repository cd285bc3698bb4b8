#!/usr/bin/env -S tsx --conditions=@orch/source
import { formatRunReport } from './format-run-report.js';
import { parseCliArgs, usage } from './parse-cli-args.js';
import { BUILT_IN_PROFILE_NAMES, loadProfile } from './profiles/load-profile.js';
import { type ConformanceRunResult, runConformance } from './run-conformance.js';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(argv: readonly string[]): Promise<number> {
  const command = parseCliArgs(argv);
  if (command.kind === 'help') {
    process.stdout.write(`${usage(BUILT_IN_PROFILE_NAMES)}\n`);
    return 0;
  }
  if (command.kind === 'error') {
    process.stderr.write(`conformance: ${command.message}\nRun "conformance --help" for the options.\n`);
    return 2;
  }
  const profiles = command.profiles.length > 0 ? command.profiles : BUILT_IN_PROFILE_NAMES;
  for (const profile of profiles) {
    try {
      await loadProfile(profile);
    } catch (error) {
      process.stderr.write(`conformance: ${describe(error)}\n`);
      return 2;
    }
  }
  let support: ConformanceRunResult['support'] | undefined;
  let failures = 0;
  for (const profile of profiles) {
    process.stdout.write(
      `\n=== Conformance suite: profile "${profile}"${command.url ? ` against ${command.url}` : ''}\n`,
    );
    try {
      const result = await runConformance({
        profile,
        updateGolden: command.updateGolden,
        ...(command.url === undefined ? {} : { url: command.url }),
        ...(command.reportDir === undefined ? {} : { reportDir: command.reportDir }),
        ...(command.goldenDir === undefined ? {} : { goldenDir: command.goldenDir }),
        ...(command.tags === undefined ? {} : { tags: command.tags }),
        ...(support === undefined ? {} : { support }),
      });
      support = result.support;
      if (!result.success) failures += 1;
      process.stdout.write(`${formatRunReport(result)}\n`);
    } catch (error) {
      failures += 1;
      process.stderr.write(`\nConformance of "${profile}": FAIL: ${describe(error)}\n`);
    }
  }
  return failures === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`conformance: ${describe(error)}\n`);
    process.exitCode = 1;
  },
);
