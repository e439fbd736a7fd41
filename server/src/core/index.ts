// The core's public surface: what the LSP adapter and the CLI may use.
export { analyze, DEFAULT_MAX_FILE_SIZE_KB } from './analyze.js';
export type { AnalysisInput, AnalysisOptions, AnalysisResult, SeverityOverride } from './analyze.js';
export { mask } from './mask.js';
export type { Finding, Fix, Flow, FlowNode, Severity, Stride, TextEdit } from './model/index.js';
export { RULES, docsPath, ruleById } from './rules/index.js';
export type { Rule } from './rules/index.js';
export { sniff } from './sniff.js';
export type { FileFormat, FormatDetail, SniffResult } from './sniff.js';
export { LineIndex } from './source.js';
export type { Position, SourceRange } from './source.js';
export { TOOL_NAME, TOOL_VERSION } from './meta.js';
export { toCsv } from './report/csv.js';
export { toJsonReport } from './report/json.js';
export type { JsonFinding, JsonReport } from './report/json.js';
export type { Review, ReviewedFile } from './report/review.js';
export { toSarif } from './report/sarif.js';
