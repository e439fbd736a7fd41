// Open documents as the server keeps them: vscode-languageserver-textdocument's TextDocument, except that typing (edits
// inside one line) is applied to that line alone and merged into the whole text once, when the document is next read.
// The library copies the whole text on every incremental edit (about 7 ms for 5 MB here), so a burst of 1,000
// keystrokes in a 5 MB flow took 7 s to sync before anything could be analysed.
import { TextDocument, type Position, type Range, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextDocumentsConfiguration } from 'vscode-languageserver';

const LINE_FEED = 10;

/** Edits to one line not merged yet: the line, its length in the merged text (without its line break), its text now. */
interface PendingLine {
  readonly line: number;
  readonly length: number;
  text: string;
}

class LineBatchedDocument implements TextDocument {
  #merged: TextDocument;
  #version: number;
  #pending: PendingLine | undefined;

  constructor(merged: TextDocument) {
    this.#merged = merged;
    this.#version = merged.version;
  }

  get uri(): string {
    return this.#merged.uri;
  }

  get languageId(): string {
    return this.#merged.languageId;
  }

  get version(): number {
    return this.#version;
  }

  get lineCount(): number {
    return this.#merge().lineCount;
  }

  getText(range?: Range): string {
    return this.#merge().getText(range);
  }

  positionAt(offset: number): Position {
    return this.#merge().positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.#merge().offsetAt(position);
  }

  getLineRange(line: number): Range {
    return this.#merge().getLineRange(line);
  }

  getEOLCharacters(line: number): string {
    return this.#merge().getEOLCharacters(line);
  }

  /** Applies `changes` in order, as `TextDocument.update` does; edits inside one line wait to be merged. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (!this.#typeInLine(change)) this.#merged = TextDocument.update(this.#merge(), [change], version);
    }
    this.#version = version;
  }

  /**
   * Applies `change` to the pending line when it replaces part of one line with text that has no line break; false
   * (nothing done) for any other change, which then goes to the merged document.
   */
  #typeInLine(change: TextDocumentContentChangeEvent): boolean {
    if (!('range' in change) || /[\r\n]/.test(change.text)) return false;
    const [start, end] = ordered(change.range);
    if (start.line !== end.line) return false;
    if (this.#pending && this.#pending.line !== start.line) this.#merge();
    if (!this.#pending && !this.#startLine(start.line)) return false;
    const pending = this.#pending!;
    const clamp = (character: number) => Math.max(0, Math.min(character, pending.text.length));
    const from = clamp(start.character);
    const to = clamp(end.character);
    pending.text = pending.text.slice(0, from) + change.text + pending.text.slice(to);
    return true;
  }

  /** Takes `line` out for editing, unless it does not exist or follows a lone CR (a deletion could join two breaks). */
  #startLine(line: number): boolean {
    const merged = this.#merged;
    if (line < 0 || line >= merged.lineCount) return false;
    const start = merged.offsetAt({ line, character: 0 });
    const text = merged.getText();
    if (line > 0 && text.charCodeAt(start - 1) !== LINE_FEED) return false;
    const length = merged.getLineRange(line).end.character;
    this.#pending = { line, length, text: text.slice(start, start + length) };
    return true;
  }

  /** The document with the pending line merged in (one copy of the text for any number of edits to the line). */
  #merge(): TextDocument {
    const pending = this.#pending;
    if (pending) {
      this.#pending = undefined;
      const range = { start: { line: pending.line, character: 0 }, end: { line: pending.line, character: pending.length } };
      this.#merged = TextDocument.update(this.#merged, [{ range, text: pending.text }], this.#version);
    }
    return this.#merged;
  }
}

/** `range`'s ends in document order (a client may send them reversed; `TextDocument.update` swaps them too). */
function ordered(range: Range): [Position, Position] {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? [end, start] : [start, end];
}

/** For `new TextDocuments(...)`: documents whose typing is merged lazily; each keeps its identity across edits. */
export const LINE_BATCHED_DOCUMENTS: TextDocumentsConfiguration<TextDocument> = {
  create: (uri, languageId, version, content) => new LineBatchedDocument(TextDocument.create(uri, languageId, version, content)),
  update: (document, changes, version) => {
    if (!(document instanceof LineBatchedDocument)) return TextDocument.update(document, changes, version);
    document.update(changes, version);
    return document;
  },
};
