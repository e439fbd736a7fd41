// SARIF 2.1.0 for pipelines and code-scanning dashboards (GitHub code scanning's documented requirements:
// rules with help and `security-severity`, `partialFingerprints`, relative URIs, full regions).
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Severity } from '../model/index.js';
import { DOCS_BASE_URL, TOOL_FULL_NAME, TOOL_NAME, TOOL_VERSION } from '../meta.js';
import { docsPath, RULES, type Rule } from '../rules/index.js';
import { LineIndex } from '../source.js';
import { placeFindings, type Review, type ReviewedFile } from './review.js';

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** Rules whose findings are exact matches of a format or setting are `high`; heuristics are `medium`. */
const PRECISION: Record<string, 'very-high' | 'high' | 'medium' | 'low'> = {
  'parse/syntax-error': 'very-high',
  'transport/tls-verification-disabled': 'very-high',
  'transport/insecure-http': 'high',
  'secret/exposed-webhook-url': 'high',
  'ingress/unauthenticated-webhook': 'high',
};

/** `hardcoded-credential` → `HardcodedCredential`: SARIF's `name` is an identifier-like label. */
function ruleName(id: string): string {
  return id.split('/')[1].replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

function toDescriptor(rule: Rule): ReportingDescriptor {
  const helpUri = DOCS_BASE_URL + docsPath(rule.id);
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.docs.summary },
    fullDescription: { text: rule.docs.rationale },
    help: {
      text: `${rule.docs.rationale}\n\nHow to fix: ${rule.docs.remediation}\n\n${helpUri}`,
      markdown: `**${rule.id}** — ${rule.docs.summary}\n\n${rule.docs.rationale}\n\n**How to fix:** ${rule.docs.remediation}\n\n[Documentation](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: {
      tags: ['security', ...(rule.cwe ? [`external/cwe/${rule.cwe.toLowerCase()}`] : []), `stride/${rule.threats.join('')}`.replace(/\/$/, '/none')],
      'security-severity': rule.securitySeverity.toFixed(1),
      precision: PRECISION[rule.id] ?? 'medium',
      problem: { severity: rule.defaultSeverity === 'error' ? 'error' : rule.defaultSeverity === 'warning' ? 'warning' : 'recommendation' },
    },
  };
}

/** The review as a SARIF log. URIs are relative to `%SRCROOT%` (the review's root). */
export function toSarif(review: Review): Log {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const lineIndexes = new Map<ReviewedFile, LineIndex>();
  const linesOf = (file: ReviewedFile) => {
    let lines = lineIndexes.get(file);
    if (!lines) lineIndexes.set(file, (lines = new LineIndex(file.text)));
    return lines;
  };
  const results: Result[] = placeFindings(review).map(({ file, finding: f, start, end }) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: encodeURI(file.path), uriBaseId: '%SRCROOT%' },
        region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
      },
    }],
    partialFingerprints: { primaryLocationLineHash: f.fingerprint },
    ...(f.related?.length
      ? {
        relatedLocations: f.related.map((r, i) => {
          if (r.uri !== f.uri) return { id: i + 1, message: { text: r.message }, physicalLocation: { artifactLocation: { uri: r.uri } } };
          // Same file (a hop of a data-flow chain): relative URI and a full region, like the primary location.
          const lines = linesOf(file);
          const s = lines.positionAt(r.range.start);
          const e = lines.positionAt(r.range.end);
          return {
            id: i + 1,
            message: { text: r.message },
            physicalLocation: {
              artifactLocation: { uri: encodeURI(file.path), uriBaseId: '%SRCROOT%' },
              region: { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 },
            },
          };
        }),
      }
      : {}),
    properties: { ...(f.evidence ? { evidence: f.evidence } : {}), ...(f.surfaceId ? { surfaceId: f.surfaceId } : {}), stride: f.threats.join('') },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: TOOL_NAME,
          fullName: TOOL_FULL_NAME,
          version: TOOL_VERSION,
          semanticVersion: TOOL_VERSION,
          informationUri: DOCS_BASE_URL.replace(/\/blob\/main\/$/, ''),
          rules: RULES.map(toDescriptor),
        },
      },
      automationDetails: { id: `${TOOL_NAME}/${review.date.toISOString().slice(0, 10)}` },
      originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder the review ran on.' } } },
      invocations: [{ executionSuccessful: true, endTimeUtc: review.date.toISOString() }],
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}
