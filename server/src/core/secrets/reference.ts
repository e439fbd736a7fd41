// Whether a `secretRef` names where a secret is kept, or holds the secret itself.

/** A reference names where a secret is kept: a scheme (`vault://`, `env:`), a path, or an environment variable. */
const REFERENCE = /^(?:[a-z][a-z0-9+.-]*:|\$\{?[A-Za-z_]|[^\s]*\/)/i;
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/** True when `value` reads as a reference to a kept secret (safe to show); false for anything that may be the secret. */
export function isSecretReference(value: string): boolean {
  const trimmed = value.trim();
  return REFERENCE.test(trimmed) || ENV_NAME.test(trimmed);
}
