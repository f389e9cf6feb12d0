// Values that stand in for a secret instead of being one: Vault references, masks,
// variables, template slots, "see the Vault path …", TODO, and prose in Chinese or English.

const PLACEHOLDER_PATTERNS: RegExp[] = [
  /^<[^<>]*>$/, // <vault:secret/k8s/admin>, <token>, <本次 nonce>
  /^\[[^[\]]*\]$/, // [REDACTED]
  /^[*•·xX#.…-]{3,}$/u, // ******, xxxx, ..., ---
  /^(.)\1+$/u, // 00000000, aaaaaa
  /^\$\{[^}]*\}$/, // ${DB_PASSWORD}
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $DB_PASSWORD
  /^\$\(.*\)?$/, // $(openssl rand -hex 16)
  /^\{\{.*\}\}$/, // {{ .Values.password }}
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %DB_PASSWORD%
  /^%\(\w+\)s$/, // %(password)s
  /^(?:vault|env|secret|ref|file|keyring|sealed):/i, // vault:secret/x, env:DB_PASSWORD
  /^(?:secret|kv|database|pki|transit|auth|identity|sys)\/[\w./*{}<>@-]+$/, // a Vault path
  /^(?:DATA\+OMITTED|REDACTED)$/, // what `kubectl config view` prints
  /(?:example|sample|dummy|placeholder|redacted|your[-_]?|my[-_]?(?:pass|secret|token)|changeit)/i,
  /^(?:见|参见|详见|请见|存于|存放于|位于|保存在|见附件|已轮换|已重置|已作废|已吊销|已销毁|已禁用|略|无|空|待补充|待填写|待定|不记录|不填写|不适用|由)/u,
];

/** Words that follow "password:" in prose or in a form, not passwords. */
const WORDS = new Set(
  'todo tbd fixme n/a na none null nil empty required optional reset rotated changed hidden masked unchanged same see below above provided generated random encrypted expired revoked disabled enabled true false yes no string text value secret password passwd token omitted unknown sealed prompt stdin ask interactive'.split(' '),
);

/** True for a value that is a stand-in, a reference or an empty slot rather than a secret. */
export function isPlaceholder(raw: string): boolean {
  const value = raw.trim().replace(/^["'`]+|["'`]+$/g, '').trim();
  if (value === '') return true;
  if (WORDS.has(value.toLowerCase())) return true;
  return PLACEHOLDER_PATTERNS.some((re) => re.test(value));
}

/** True for a value that is not a credential at all: non-ASCII prose, like 由接收方重置. */
export function isProse(value: string): boolean {
  return /[^\x20-\x7e]/.test(value);
}
