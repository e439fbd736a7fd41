// Secrets are never shown: this is the one place that decides how much of one may be.

/**
 * Masks a secret for messages, evidence and reports: its first characters then `…`. At most 4 characters
 * are kept (DESIGN §3), and fewer for short values, so a short password is never mostly revealed.
 */
export function mask(secret: string): string {
  const keep = Math.min(4, Math.floor(secret.length / 4));
  return secret.slice(0, keep) + '…';
}

/** A short, stable, non-reversible digest (FNV-1a 64-bit, hex) for fingerprints; no Node crypto in the core. */
export function digest(text: string): string {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x01000193 | 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
