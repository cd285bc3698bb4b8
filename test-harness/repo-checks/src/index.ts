export {
  checkAdapterShape,
  engineOfAdapterDir,
  needsFullShape,
  requiredAdapterFiles,
} from './check-adapter-shape.js';
export {
  APPLICATION_DIR,
  checkBuiltPackages,
  listRuntimePackages,
  SOURCE_CONDITION,
} from './check-built-packages.js';
export {
  ADAPTER_UTILS_DIR,
  CONTRACT_DIR,
  checkDependencyRules,
  isAdapterDir,
  isOrchestratorOnlyLibrary,
  ORCHESTRATOR_DIR,
} from './check-dependency-rules.js';
export {
  checkEngineImports,
  ENGINE_MODULES_FILE,
  isEnginePackage,
  ORCHESTRATOR_SOURCE_DIR,
} from './check-engine-imports.js';
export { checkEngineSpecCitations, FOREIGN_REFERENCES } from './check-engine-spec-citations.js';
export { checkFolderCycles, KNOWN_ORCHESTRATOR_CYCLES } from './check-folder-cycles.js';
export {
  checkPackageConventions,
  REQUIRED_SCRIPTS,
  SHARED_VITEST_CONFIG,
} from './check-package-conventions.js';
export { checkTestExclusions, EXCLUDING_TAGS } from './check-test-exclusions.js';
export {
  type Citation,
  citationsOfFeatureFile,
  citationsOfTestFile,
  collectCitations,
  type FileCitations,
} from './collect-citations.js';
export { computeSpecCoverage, type SpecCoverage, type SpecCoverageInput } from './compute-spec-coverage.js';
export {
  ENGINE_SPECS_DIR,
  type EngineSpecCitation,
  findEngineSpecCitations,
  findEngineSpecSections,
} from './find-engine-spec-citations.js';
export { type ExcludedTest, findExcludedTests } from './find-excluded-tests.js';
export { findExports, type ModuleExports } from './find-exports.js';
export {
  type FolderCycle,
  type FolderImport,
  findFolderCycles,
  findFolderImports,
} from './find-folder-cycles.js';
export { findImports, type ImportSpecifier, packageNameOf } from './find-imports.js';
export { findTestCalls, type TestCall } from './find-test-calls.js';
export { describeCoverageProblems, formatCoverageReport, toUncoveredRows } from './format-coverage-report.js';
export { ALLOW_LIST_PATH, loadSpecCoverage, readSpecs } from './load-spec-coverage.js';
export { type FeatureCitations, parseFeatureFile } from './parse-feature-file.js';
export {
  parseIdList,
  parseSpecMarkdown,
  type RequirementDefinition,
  type SpecFileContents,
} from './parse-spec-markdown.js';
export {
  ERROR_TABLE_END,
  ERROR_TABLE_START,
  readErrorTableSection,
  renderErrorTable,
  replaceErrorTableSection,
} from './render-error-table.js';
export { findRepoRoot, isTestFile, isTypeScriptFile, listFiles, readRepoFile } from './repo-files.js';
export {
  compareRequirementIds,
  findMalformedIds,
  findRequirementIds,
  isRequirementId,
} from './requirement-id.js';
export { REPORT_PATH, runSpecCoverageCli } from './run-spec-coverage-cli.js';
export { type SourceToken, scanTypeScript } from './scan-typescript.js';
export {
  listWorkspacePackages,
  type PackageManifest,
  readWorkspaceGlobs,
  type WorkspacePackage,
} from './workspace-packages.js';
