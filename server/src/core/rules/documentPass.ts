// One walk over every value of a document for the rules that read them all: the secret scan (shared by the two secret
// rules) and the TLS settings check. On a large flow a walk is a tenth of the review; two walks paid it twice, and a
// walker that calls back a fixed pair of readers runs faster per value than one shared by many (V8 inlines the calls).
import { secretScanner, type LocatedSecret } from '../secrets/scan.js';
import { walk, type WalkHandlers } from '../walk.js';
import { tlsScanner, type TlsOff } from './transport/tlsSettings.js';
import type { RuleContext } from './types.js';

/** What the walk found, for the rules that asked. */
export interface DocumentFacts {
  readonly secrets: readonly LocatedSecret[];
  readonly tls: readonly TlsOff[];
}

/** The rules that read the facts (their ids, fixed by DESIGN §4: importing the rules would be a cycle). */
export const SECRET_RULES: readonly string[] = ['secret/hardcoded-credential', 'secret/exposed-webhook-url'];
export const TLS_RULE = 'transport/tls-verification-disabled';

/** The document's facts, from one walk per analysis; a part no running rule reads is not looked for. */
export function documentFacts(context: RuleContext): DocumentFacts {
  return context.memo('document-facts', () => {
    const secrets = SECRET_RULES.some((id) => context.runs(id)) ? secretScanner(context.format, context.flow) : undefined;
    const tls = context.runs(TLS_RULE) ? tlsScanner() : undefined;
    let handlers: WalkHandlers | undefined;
    if (secrets && tls) {
      handlers = {
        string(visit) {
          secrets.visit(visit);
          tls.string(visit);
        },
        member: tls.member,
      };
    } else if (secrets) {
      handlers = { string: secrets.visit };
    } else if (tls) {
      handlers = tls;
    }
    if (handlers) walk(context.document.value, '', handlers);
    return { secrets: secrets?.found ?? [], tls: tls?.found ?? [] };
  });
}
