// The last line of defence at every exit: any provider-format secret inside text the product emits (a message, a
// hover, a report) is masked there, wherever it came from (an endpoint, a scope, a zone, free text).
import { mask } from '../mask.js';
import { findFormatSecrets } from './detect.js';

/** At most this many secrets are masked on one line (each costs a scan of the line); the line is dropped beyond. */
const MAX_PER_LINE = 200;

/**
 * `text` with every provider-format secret (the knowledge base's formats, placeholders excepted) replaced by its
 * mask (DESIGN §3); the same string when there is none. Literal passwords cannot be told from other words out of
 * context: the rules that read them never echo them.
 */
export function redactSecrets(text: string): string {
  if (!findFormatSecrets(text).length) return text;
  return text.split('\n').map(redactLine).join('\n');
}

function redactLine(line: string): string {
  let out = line;
  for (let masked = 0; masked < MAX_PER_LINE; ) {
    const hits = findFormatSecrets(out);
    if (!hits.length) return out;
    // Right to left, so the offsets of the hits still to replace stay valid.
    for (const hit of [...hits].sort((a, b) => b.start - a.start)) out = out.slice(0, hit.start) + mask(hit.secret) + out.slice(hit.end);
    masked += hits.length;
  }
  return findFormatSecrets(out).length ? '…' : out;
}
