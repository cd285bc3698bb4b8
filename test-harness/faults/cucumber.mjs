// Cucumber configuration of the fault-injection suite. `src/cli.ts` (the package's `test` and `faults`
// scripts) loads it; plain cucumber-js works too:
// NODE_OPTIONS='--import tsx --conditions=@orch/source' npx cucumber-js
export default {
  paths: ['features/**/*.feature'],
  import: ['src/support/fault-world.ts', 'src/support/hooks.ts', 'src/steps/*-steps.ts'],
  format: ['progress', 'html:reports/faults.html', 'json:reports/faults.json'],
  strict: true,
};
