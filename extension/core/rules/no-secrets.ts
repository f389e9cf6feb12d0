// no-secrets: credentials never enter the KB. Every document (and any Markdown file named
// on the command line) is scanned; a finding shows the secret masked, never whole.
import picomatch from 'picomatch';
import { msg } from '../message';
import type { BatonConfig } from '../config';
import type { FileRule } from '../rule';
import type { Message } from '../types';
import { maskSecret } from '../secrets/mask';
import { scanDocument, type ScannedSecret } from '../secrets/scan';
import { mergeSecrets } from '../secrets/settings';

/** What a reference to a secret looks like; the fix puts it where the secret was. */
export const SECRET_REFERENCE = '<vault:TODO>';
export const SECRET_MASK = '******';

function describe(s: ScannedSecret): Message {
  const shown = maskSecret(s.secret);
  switch (s.kind) {
    case 'private-key':
      return msg('Private key block ({0}, "{1}"): remove it, replace the key pair and record only where the new key is kept', s.label ?? '', shown);
    case 'aws':
      return msg('AWS access key "{0}": rotate it and record only where it is kept, e.g. a Vault path', shown);
    case 'alibaba':
      return msg('Alibaba Cloud AccessKey "{0}": rotate it and record only where it is kept, e.g. a Vault path', shown);
    case 'tencent':
      return msg('Tencent Cloud SecretId "{0}": rotate the key and record only where it is kept, e.g. a Vault path', shown);
    case 'github':
      return msg('GitHub token "{0}": revoke it and record only where its replacement is kept', shown);
    case 'gitlab':
      return msg('GitLab token "{0}": revoke it and record only where its replacement is kept', shown);
    case 'jwt':
      return msg('JSON Web Token "{0}": a signed token is a credential; remove it and revoke it if it is still valid', shown);
    case 'vault':
      return msg('Vault token "{0}": revoke it and record only the Vault path or policy it gives access to', shown);
    case 'kubeconfig':
      return msg('Kubeconfig credential "{0}: {1}": rotate it and record only where the kubeconfig is kept', s.label ?? '', shown);
    case 'connection-string':
      return msg('Password in a {0}:// connection string ("{1}"): write the string with a placeholder such as ${DB_PASSWORD} and rotate the password', s.label ?? '', shown);
    case 'password':
      return msg('Password after "{0}" ("{1}"): record only where it is kept (<vault:…>, a sealed envelope ID) and rotate it', s.label ?? '', shown);
    case 'table':
      return msg('Value in the "{0}" column ("{1}") looks like a credential: record only where it is kept and rotate it', s.label ?? '', shown);
    case 'generic':
      return msg('High-entropy value after "{0}" ("{1}") looks like a secret: record only where it is kept and rotate it', s.label ?? '', shown);
  }
}

const pathMatchers = new Map<string, (path: string) => boolean>();

/** Files the config's `secrets.allowlist.paths` lets through, relative to the repository root. */
export function secretsAllowedPath(relativePath: string, config: BatonConfig): boolean {
  const globs = mergeSecrets(config.secrets).allowlist.paths;
  if (globs.length === 0) return false;
  const key = JSON.stringify(globs);
  let match = pathMatchers.get(key);
  if (!match) pathMatchers.set(key, (match = picomatch(globs, { dot: true })));
  return match(relativePath);
}

export const noSecretsRule: FileRule = {
  id: 'no-secrets',
  scope: 'file',
  defaultSeverity: 'error',
  everywhere: true,
  description: msg('No passwords, keys or tokens in documents'),
  docs: 'A handover or support record names where a credential lives (a Vault path, a sealed envelope ID) and that it was rotated, never the credential itself. The check looks for private keys, cloud access keys (AWS, Alibaba Cloud, Tencent Cloud), GitHub and GitLab tokens, JWTs, Vault tokens, kubeconfig credentials, passwords in connection strings, values after `password:`/`密码：`/`口令：`, values in a table column headed password, 密码 or token, and high-entropy values next to a secret-ish word. Placeholders pass (`<vault:secret/k8s/admin>`, `******`, `${VAR}`, `见 Vault 路径 …`, `TODO`). A line can be let through with `<!-- baton-allow-secret: reason -->` on it or alone on the line above (above a code block or table it covers the block); `secrets.allowlist` in the config takes regexes and paths. Findings show only the first 4 characters of a secret.',
  excludes: (relativePath, config) => secretsAllowedPath(relativePath, config),
  check({ doc, text, lines, config }, report) {
    if (doc.limit) return;
    const settings = mergeSecrets(config.secrets);
    const secrets = scanDocument(doc, text, lines, settings);
    const missingReason = new Set<number>();
    for (const s of secrets) {
      if (s.allowed) continue;
      if (s.reasonMissing) missingReason.add(s.line);
      report({
        range: lines.range(s.start, s.end),
        message: describe(s),
        // Two choices, so --fix never removes a secret unasked: it may be the only copy until it is in Vault.
        fixes: [
          { title: msg('Replace the secret with a reference ({0})', SECRET_REFERENCE), edits: [{ start: s.start, end: s.end, text: SECRET_REFERENCE }] },
          { title: msg('Mask the secret ({0})', SECRET_MASK), edits: [{ start: s.start, end: s.end, text: SECRET_MASK }] },
        ],
      });
    }
    for (const line of missingReason) {
      report({ range: lines.lineRange(line), message: msg('A baton-allow-secret comment needs a reason, e.g. <!-- baton-allow-secret: sample key from the vendor manual -->') });
    }
  },
};
