export { computeSlopePerMinute, type SoakSample } from './compute-slope.js';
export {
  CI_SOAK,
  DEFAULT_SOAK,
  formatSoakReport,
  runSoak,
  type SoakOptions,
  type SoakReport,
} from './run-soak.js';
export { listSoakFaultKnobs, SOAK_FAULTS } from './soak-faults.js';
