export { computeSlopePerMinute, type SoakSample } from './compute-slope.js';
export { formatFleetSoakReport } from './format-fleet-soak-report.js';
export {
  CI_FLEET_SOAK,
  DEFAULT_FLEET_SOAK,
  type FleetSoakOptions,
  type FleetSoakReport,
  runFleetSoak,
} from './run-fleet-soak.js';
export {
  CI_SOAK,
  DEFAULT_SOAK,
  formatSoakReport,
  runSoak,
  type SoakOptions,
  type SoakReport,
} from './run-soak.js';
export { listSoakFaultKnobs, SOAK_FAULTS } from './soak-faults.js';
