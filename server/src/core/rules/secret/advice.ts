// Per-platform advice on where a secret belongs instead, shared by the secret rules' messages.
import type { FileFormat, FormatDetail } from '../../sniff.js';

/**
 * What to do with a leaked secret on this platform, as the end of a sentence. Logic Apps Standard has no SecureString
 * parameters (Microsoft Learn: "secure data types, such as securestring and secureobject, aren't supported"): its
 * secrets belong in app settings, which can be Key Vault references.
 */
export function secretAdvice(format: FileFormat, detail?: FormatDetail): string {
  if (detail === 'la-standard-workflow' || detail === 'la-standard-connections' || detail === 'la-standard-parameters') {
    return "use an app setting (@appsetting('NAME')) whose value is a Key Vault reference";
  }
  if (detail === 'la-arm-parameters') {
    return 'replace the value with a Key Vault reference ("reference": {"keyVault": {"id": …}, "secretName": …}) and declare the template parameter securestring';
  }
  if (detail === 'la-standard-local-settings') {
    return 'keep local.settings.json out of source control and, in Azure, make the app setting a Key Vault reference (@Microsoft.KeyVault(SecretUri=…))';
  }
  switch (format) {
    case 'n8n':
      return 'store it in an n8n credential (for example "Header Auth") or reference an environment variable ({{ $env.NAME }})';
    case 'power-automate':
    case 'logic-apps':
      return "use a secure parameter (@parameters('NAME') of type SecureString) or Azure Key Vault";
    case 'node-red':
      return "move it into the node's credentials or an environment variable (${NAME})";
    case 'make':
      return 'store it in a Make connection or keychain';
    case 'zapier':
      return 'store it in a Zapier connected account';
    case 'surface-inventory':
    case 'policy':
      return 'replace it with a secretRef that names where the secret is kept (a vault path)';
    default:
      return "move it into the platform's credential store and reference it";
  }
}

/** An environment variable name for a field: `X-API-Key` → `X_API_KEY`. */
export function envName(field: string): string {
  const name = field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, ' ').trim().replace(/ /g, '_').toUpperCase();
  return /^[A-Z]/.test(name) ? name : `SECRET_${name || 'VALUE'}`;
}
