export type {
  BreakerState,
  ClientSees,
  CounterSelector,
  FaultRow,
  ReplicaLayout,
  TokensDelivered,
} from './fault-table/fault-row.js';
export {
  FAULT_TABLE_COLUMNS,
  FaultTableError,
  parseCounterSelector,
  parseFaultTable,
} from './fault-table/parse-fault-table.js';
export { FAULT_TABLE_PATH, readFaultTable } from './fault-table/read-fault-table.js';
export { compareWithFaultRow } from './observation/compare-with-fault-row.js';
export { type MetricSample, parsePrometheusText, sumSamples } from './observation/parse-prometheus-text.js';
export type { ErrorEnvelope, FaultSetup, TaskObservation } from './observation/task-observation.js';
export { PACKAGE_ROOT, type RunFaultSuiteOptions, runFaultSuite } from './run-fault-suite.js';
