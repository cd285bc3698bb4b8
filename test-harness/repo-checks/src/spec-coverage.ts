import { runSpecCoverageCli } from './run-spec-coverage-cli.js';

process.exitCode = runSpecCoverageCli(process.argv.slice(2));
