// Picks the parser for a document's language.
import { parseJson } from './json.js';
import type { DocumentLanguage, ParsedDocument } from './tree.js';
import { parseYaml } from './yaml.js';

export type { DocumentLanguage, Location, ParsedDocument, ParseProblem, SourceNode } from './tree.js';

/** Parses `text` as `language`. Never throws: problems come back in `problems`. */
export function parseDocument(text: string, language: DocumentLanguage): ParsedDocument {
  return language === 'json' ? parseJson(text) : parseYaml(text);
}
