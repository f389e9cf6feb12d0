// The secret detectors, in the spirit of gitleaks: keywords as a cheap pre-filter, a
// regex that captures the secret, then an entropy threshold and placeholder checks on it.
import type { Table } from '../types';
import type { LineIndex } from '../text';
import { characterClasses, shannonEntropy } from './entropy';
import { isPlaceholder, isProse } from './placeholders';
import type { SecretKind, SecretsConfig } from './settings';

export interface SecretMatch {
  kind: SecretKind;
  /** Offsets of the secret in the text; for a private key, the whole block. */
  start: number;
  end: number;
  /** The secret itself. It stays inside the core: findings carry only its mask. */
  secret: string;
  /** Context that is not secret, for the message: a key name, a column header, a keyword. */
  label?: string;
}

export interface DetectorInput {
  text: string;
  /** The text in lower case, for the keyword pre-filter. */
  lower: string;
  settings: SecretsConfig;
  /** Tables of the parsed document; the table detector needs them. */
  tables?: readonly Table[];
  lines?: LineIndex;
}

export interface Detector {
  kind: SecretKind;
  /** Lower-case strings one of which must occur in the text for the detector to run. */
  keywords: string[];
  /** True when the detector needs no surrounding context, so it also works on a lone string. */
  contextFree: boolean;
  find(input: DetectorInput, emit: (match: SecretMatch) => void): void;
}

/** A detector for tokens with a recognisable shape; group 1 of `re` is the secret. */
function tokenDetector(kind: SecretKind, keywords: string[], re: RegExp, minEntropy: number, accept: (secret: string) => boolean = () => true): Detector {
  return {
    kind,
    keywords,
    contextFree: true,
    find({ text }, emit) {
      for (const m of text.matchAll(re)) {
        const secret = m[1];
        if (shannonEntropy(secret) < minEntropy || isPlaceholder(secret) || !accept(secret)) continue;
        const start = m.index! + m[0].indexOf(secret);
        emit({ kind, start, end: start + secret.length, secret });
      }
    },
  };
}

const privateKey: Detector = {
  kind: 'private-key',
  keywords: ['private key'],
  contextFree: true,
  find({ text }, emit) {
    // Every END line once, so many BEGIN lines without one stay linear.
    const ends = [...text.matchAll(/-----END ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----/g)].map((e) => ({ at: e.index!, label: e[1] }));
    let next = 0;
    for (const m of text.matchAll(/-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----/g)) {
      const bodyStart = m.index! + m[0].length;
      const endMarker = `-----END ${m[1]}-----`;
      while (next < ends.length && ends[next].at < bodyStart) next++;
      // A key block is a few KB: an END line much further on belongs to something else.
      const end = ends.slice(next, next + 8).find((e) => e.label === m[1] && e.at - bodyStart < 32_768);
      const endAt = end ? end.at : -1;
      let bodyEnd: number;
      let blockEnd: number;
      if (endAt !== -1) {
        bodyEnd = endAt;
        blockEnd = endAt + endMarker.length;
      } else {
        // No END line: the block is the run of base64-looking lines that follows.
        bodyEnd = bodyStart;
        for (let nl = text.indexOf('\n', bodyStart); nl !== -1 && nl < text.length; ) {
          const lineEnd = text.indexOf('\n', nl + 1) === -1 ? text.length : text.indexOf('\n', nl + 1);
          const line = text.slice(nl + 1, lineEnd);
          if (!/^[\s>"'|-]*[A-Za-z0-9+/=]{16,}[\s"',\\n]*$/.test(line) && !/^\s*[\w-]+: /.test(line)) break;
          bodyEnd = lineEnd;
          nl = lineEnd;
        }
        blockEnd = bodyEnd;
      }
      const body = text
        .slice(bodyStart, bodyEnd)
        .replace(/\\n/g, '\n')
        .split('\n')
        .filter((line) => !/^\s*[\w-]+: /.test(line)) // Proc-Type:, DEK-Info: headers
        .join('')
        .replace(/[^A-Za-z0-9+/=]/g, '');
      if (body.length < 40 || shannonEntropy(body) < 3.5) continue;
      emit({ kind: 'private-key', start: m.index!, end: blockEnd, secret: body, label: m[1] });
    }
  },
};

const aws = tokenDetector('aws', ['akia', 'asia'], /(?<![A-Za-z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Za-z0-9])/g, 3.0);
const alibaba = tokenDetector('alibaba', ['ltai'], /(?<![A-Za-z0-9])(LTAI[A-Za-z0-9]{12,20})(?![A-Za-z0-9])/g, 2.5);
const tencent = tokenDetector('tencent', ['akid'], /(?<![A-Za-z0-9])(AKID[A-Za-z0-9]{32})(?![A-Za-z0-9])/g, 3.0);
const github = tokenDetector(
  'github',
  ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  /(?<![A-Za-z0-9_])((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/g,
  3.0,
);
const gitlab = tokenDetector(
  'gitlab',
  ['glpat-', 'glptt-', 'gldt-', 'glrt-', 'glcbt-', 'glft-', 'glimt-', 'glagent-', 'gloas-', 'glsoat-', 'gr1348941'],
  /(?<![A-Za-z0-9_-])((?:glpat|glptt|gldt|glrt|glcbt|glft|glimt|glagent|gloas|glsoat)-[A-Za-z0-9_.-]{20,}|GR1348941[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g,
  3.0,
);
const jwt = tokenDetector('jwt', ['.ey'], /(?<![A-Za-z0-9_-])(ey[A-Za-z0-9_-]{10,}\.ey[A-Za-z0-9_-]{10,}\.(?:[A-Za-z0-9_-]{10,}={0,2})?)/g, 3.0);
const vault = tokenDetector(
  'vault',
  ['hvs.', 'hvb.', 's.'],
  /(?<![\w.])(hv[sb]\.[A-Za-z0-9_-]{24,}|s\.[A-Za-z0-9]{24})(?![\w.])/g,
  3.5,
  // A legacy `s.` token has digits; 24 letters after "s." are a word, not a token.
  (secret) => secret.startsWith('hv') || /\d/.test(secret),
);

const kubeconfig: Detector = {
  kind: 'kubeconfig',
  keywords: ['token', 'client-key-data', 'client-certificate-data'],
  contextFree: false,
  find({ text }, emit) {
    const re = /^[ \t]*(?:-[ \t]+)?(token|id-token|refresh-token|client-key-data|client-certificate-data)[ \t]*:[ \t]*["']?([^\s"'#]+)/gm;
    for (const m of text.matchAll(re)) {
      const secret = m[2];
      if (secret.length < 16 || isPlaceholder(secret) || shannonEntropy(secret) < 3.0) continue;
      const start = m.index! + m[0].length - secret.length;
      emit({ kind: 'kubeconfig', start, end: start + secret.length, secret, label: m[1] });
    }
  },
};

const connectionString: Detector = {
  kind: 'connection-string',
  keywords: ['://'],
  contextFree: true,
  find({ text }, emit) {
    for (const m of text.matchAll(/(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{1,30}):\/\/([^\s:/@'"<>()[\]]+):([^\s@/'"<>]+)@/g)) {
      const secret = m[3];
      if (isPlaceholder(secret)) continue;
      const start = m.index! + m[0].length - 1 - secret.length;
      emit({ kind: 'connection-string', start, end: start + secret.length, secret, label: m[1] });
    }
  },
};

/** A value given to a password or similar: quoted, or one bare token. */
const BARE = String.raw`([^\s|,;<>"'\x60)\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+)`;
const VALUE = String.raw`(?:"([^"\n]*)"|'([^'\n]*)'|\x60([^\x60\n]*)\x60|` + BARE + ')';
const SEPARATOR = String.raw`["'\x60]?[ \t]*(?:[:=：]|:=|=>|为|是)[ \t]*`;

/** True when a value is a credential rather than prose, a placeholder or a reference. */
function looksLikeCredential(value: string, rest: string): boolean {
  if (isPlaceholder(value) || isProse(value) || value.length < 4) return false;
  // A file holding the secret is where it lives, not the secret: --from-file=password=./db-pass.txt.
  if (/^(?:\.{0,2}\/|~\/)/.test(value) || /\.(?:txt|pem|key|crt|json|ya?ml|env|conf|cfg|ini|properties)$/i.test(value)) return false;
  // "password: reset by the receiver" is a sentence, not a password.
  if (/^[A-Za-z]+$/.test(value) && /^[ \t]+[A-Za-z]/.test(rest)) return false;
  if (/\s/.test(value) && value.split(/\s+/).every((w) => /^[A-Za-z.,!?]*$/.test(w))) return false;
  return shannonEntropy(value) >= 2.0;
}

/** Words that make a key about a password rather than one holding it: password_policy, passwordSecretRef, PASSWORD_FILE. */
const PASSWORD_SETTING = new Set(
  'policy length len min max expiry expires expire expiration age history complexity rotation rotate hash hashed file path reset change changed required strength prompt field label hint rule rules enabled type encoder salt iterations regex pattern ref secret source from env key var id name'.split(' '),
);

function describesPassword(identifier: string): boolean {
  const words = identifier.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/);
  return words.some((w) => PASSWORD_SETTING.has(w));
}

const password: Detector = {
  kind: 'password',
  keywords: ['pass', 'pwd', '密码', '口令'],
  contextFree: false,
  find({ text }, emit) {
    const re = new RegExp(
      // Identifiers start at a boundary and are bounded, so a long run of word characters stays linear.
      String.raw`(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{0,40}?(?:passw(?:or)?d|pwd|passphrase)[A-Za-z0-9_.-]{0,40}|[\u4e00-\u9fff]{0,6}(?:密码|口令))` + SEPARATOR + VALUE,
      'giu',
    );
    for (const m of text.matchAll(re)) {
      if (describesPassword(m[1])) continue;
      let value = m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
      let end = m.index! + m[0].length - (m[5] === undefined ? 1 : 0);
      // A bare value ends before a closing bracket it did not open: {password: abc}.
      while (m[5] !== undefined && /[\]}]$/.test(value) && !/[[{]/.test(value)) {
        value = value.slice(0, -1);
        end--;
      }
      // "账号/密码：admin/Abc@123" and "user/password: admin / ******": the password is the second half.
      if (m[5] !== undefined && text[m.index! - 1] === '/') {
        const pair = new RegExp(String.raw`^[ \t]*/[ \t]*` + BARE).exec(text.slice(end, end + 200));
        if (pair) {
          value = pair[1];
          end += pair[0].length;
        } else if (value.includes('/')) {
          value = value.slice(value.lastIndexOf('/') + 1);
        }
      }
      const start = end - value.length;
      if (!looksLikeCredential(value, text.slice(m.index! + m[0].length, m.index! + m[0].length + 40))) continue;
      emit({ kind: 'password', start, end, secret: value, label: m[1] });
    }
  },
};

const SECRET_HEADER = /password|passwd|pwd|密码|口令|token|令牌|secret|密钥|秘钥|access ?key/i;
/** Headers that name something about a secret (its policy, where it lives), not the secret. */
const DESCRIBING_HEADER = /策略|policy|复杂度|有效期|ttl|过期|expir|类型|type|长度|length|位置|location|path|路径|存放|存储|保管|方式|轮换|rotat|名称|name|\bid\b|编号|状态|status|说明|备注|note|时间|time|日期|date|负责|owner|用途|purpose|范围|scope/i;

/** Cells of one table row line, with their offsets in the text. */
export function rowCells(text: string, lineStart: number, lineEnd: number): Array<{ start: number; end: number }> {
  const cells: Array<{ start: number; end: number }> = [];
  let cellStart = lineStart;
  for (let i = lineStart; i < lineEnd; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '|') {
      cells.push({ start: cellStart, end: i });
      cellStart = i + 1;
    }
  }
  cells.push({ start: cellStart, end: lineEnd });
  // A leading or trailing pipe leaves an empty cell outside the table.
  if (cells.length > 1 && text.slice(cells[0].start, cells[0].end).trim() === '') cells.shift();
  if (cells.length > 1 && text.slice(cells[cells.length - 1].start, cells[cells.length - 1].end).trim() === '') cells.pop();
  return cells;
}

const table: Detector = {
  kind: 'table',
  keywords: ['pass', 'pwd', '密码', '口令', 'token', '令牌', 'secret', '密钥', '秘钥', 'key'],
  contextFree: false,
  find({ text, tables, lines }, emit) {
    if (!tables || !lines) return;
    for (const t of tables) {
      const columns = t.header.map((h, i) => (h.length <= 24 && SECRET_HEADER.test(h) && !DESCRIBING_HEADER.test(h) ? i : -1)).filter((i) => i !== -1);
      if (columns.length === 0) continue;
      for (const row of t.rows) {
        const cells = rowCells(text, lines.lineStart(row.range.line), lines.lineEnd(row.range.line));
        for (const column of columns) {
          const cell = cells[column];
          if (!cell) continue;
          const raw = text.slice(cell.start, cell.end);
          if (isPlaceholder(raw.trim()) || /^\s*(?:见|参见|详见)/u.test(raw)) continue;
          for (const token of raw.matchAll(/[\x21-\x5f\x61-\x7e]+/g)) {
            const value = token[0].replace(/^["']|["']$/g, '');
            // "admin/******" in an 账号/密码 column: an account with its password masked.
            if (value.includes('/') && isPlaceholder(value.slice(value.lastIndexOf('/') + 1))) continue;
            if (!looksLikeCredential(value, '')) continue;
            const start = cell.start + token.index! + token[0].indexOf(value);
            emit({ kind: 'table', start, end: start + value.length, secret: value, label: t.header[column] });
          }
        }
      }
    }
  },
};

/** Words that make an identifier name something next to a secret rather than the secret itself. */
const NOT_SECRET_WORDS = new Set('public fingerprint hash hashed sha1 sha256 sha512 md5 digest checksum id name path file url uri ttl length type policy ref'.split(' '));

function namesSomethingElse(identifier: string): boolean {
  const words = identifier.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/);
  return words.some((w) => NOT_SECRET_WORDS.has(w));
}

const generic: Detector = {
  kind: 'generic',
  keywords: ['secret', 'token', 'key', 'pass', 'pwd', 'credential', 'auth', '密钥', '秘钥', '令牌', '凭据', '凭证', '密码', '口令', 'bearer', 'basic'],
  contextFree: false,
  find({ text, settings }, emit) {
    const name = String.raw`([A-Za-z0-9_.-]{0,40}?(?:secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credential|auth[_-]?key|passw(?:or)?d|pwd)[A-Za-z0-9_.-]{0,40}|AccessKey(?:[ _]?Secret)?|SecretKey|[\u4e00-\u9fff]{0,6}(?:密钥|秘钥|令牌|凭据|凭证|密码|口令)|Bearer|Basic)`;
    const re = new RegExp(String.raw`(?<![A-Za-z0-9_.-])` + name + String.raw`["'\x60]?(?:[ \t]*(?:[:=：]|:=|=>|为|是)[ \t]*|[ \t]+)["'\x60]?([A-Za-z0-9+/=_.~!@#$%^&*-]{16,})`, 'giu');
    for (const m of text.matchAll(re)) {
      const label = m[1];
      const secret = m[2].replace(/[.,!]+$/, '');
      if (namesSomethingElse(label)) continue;
      // Random keys mix letters and digits; a long word_with_underscores after "token" is prose.
      if (secret.length < 16 || isPlaceholder(secret) || characterClasses(secret) < 2 || !/\d/.test(secret) || !/[A-Za-z]/.test(secret)) continue;
      if (/:\/\/|@.*\./.test(secret) || /^(?:\.{0,2}\/|~\/)/.test(secret) || /^[a-z0-9_.*{}-]+(?:\/[a-z0-9_.*{}-]+)+\/?$/.test(secret)) continue;
      if (/\.(?:pem|key|crt|cer|p12|pfx|jks|json|ya?ml|txt|conf|env|md)$/i.test(secret)) continue;
      if (shannonEntropy(secret) < settings.genericEntropy) continue;
      const start = m.index! + m[0].length - m[2].length;
      emit({ kind: 'generic', start, end: start + secret.length, secret, label });
    }
  },
};

/** In priority order: where two overlap, the earlier, more specific one wins. */
export const DETECTORS: readonly Detector[] = [privateKey, aws, alibaba, tencent, github, gitlab, jwt, vault, kubeconfig, connectionString, password, table, generic];
