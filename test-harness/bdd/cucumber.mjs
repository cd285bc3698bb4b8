// Cucumber configuration of the conformance suite. The `conformance` CLI reads `paths` and `import` from
// here; running cucumber-js directly also works:
//   NODE_OPTIONS='--import tsx --conditions=@orch/source' npx cucumber-js --world-parameters '{"profile":"mock"}'
export default {
  paths: ['features/**/*.feature'],
  import: ['src/support/world.ts', 'src/support/hooks.ts', 'src/steps/*-steps.ts'],
  format: ['progress', 'html:reports/cucumber/cucumber.html', 'message:reports/cucumber/messages.ndjson'],
  worldParameters: { profile: 'mock' },
};
