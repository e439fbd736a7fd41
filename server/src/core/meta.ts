// The tool's identity, as reports and SARIF name it.

export const TOOL_NAME = 'surface-review';
export const TOOL_FULL_NAME = 'No-Code Surface Review';
export const TOOL_VERSION = '0.1.0';
/** Where the rule pages are published (the same pages ship offline inside the extension under docs/). */
export const DOCS_BASE_URL = 'https://github.com/no-code-surface-review/no-code-surface-review/blob/main/';
