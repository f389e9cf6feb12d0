// Finds the secrets in a document's text, resolves overlaps between detectors, and marks
// what an inline `<!-- baton-allow-secret: reason -->` or the config allowlist lets through.
import type { LineIndex } from '../text';
import type { ParsedDocument, Table } from '../types';
import { DETECTORS, type SecretMatch } from './detectors';
import { maskSecret } from './mask';
import { mergeSecrets, type SecretsConfig } from './settings';

export type { SecretMatch } from './detectors';

export interface ScannedSecret extends SecretMatch {
  /** 1-based line of the secret's start. */
  line: number;
  /** Why it is let through, if it is. */
  allowed?: 'comment' | 'config';
  /** An allow comment is on the line but gives no reason, so it does not count. */
  reasonMissing?: boolean;
}

export interface ScanOptions {
  settings?: SecretsConfig;
  tables?: readonly Table[];
  /** Line ranges [start, end] of code blocks, so an allow comment above a block covers it. */
  blocks?: ReadonlyArray<readonly [number, number]>;
  lines?: LineIndex;
}

const ALLOW = /<!--\s*baton-allow-secret\b\s*(?::([^]*?))?-->/g;

/** Lines an allow comment covers, with whether it gives a reason. */
function allowedLines(text: string, lines: LineIndex, blocks: ReadonlyArray<readonly [number, number]>): Map<number, boolean> {
  const out = new Map<number, boolean>();
  const set = (line: number, reason: boolean) => out.set(line, (out.get(line) ?? false) || reason);
  for (const m of text.matchAll(ALLOW)) {
    const line = lines.lineOf(m.index!);
    const reason = (m[1] ?? '').trim().length > 0;
    set(line, reason);
    // A comment alone on its line covers the next line, or the whole block that starts there.
    if (lines.lineText(line).trim() === m[0].trim()) {
      const block = blocks.find(([start]) => start === line + 1);
      const end = block ? block[1] : line + 1;
      for (let l = line + 1; l <= end; l++) set(l, reason);
    }
  }
  return out;
}

const compiled = new Map<string, RegExp[]>();

function allowRegexes(settings: SecretsConfig): RegExp[] {
  const key = JSON.stringify(settings.allowlist.regexes);
  let list = compiled.get(key);
  if (!list) {
    list = [];
    for (const source of settings.allowlist.regexes) {
      try {
        list.push(new RegExp(source, 'u'));
      } catch {
        // Config validation reports a bad pattern with its position; here it is skipped.
      }
    }
    compiled.set(key, list);
  }
  return list;
}

let memo: { text: string; key: string; result: ScannedSecret[] } | undefined;

/** Every secret in `text`, in document order; overlapping matches keep the more specific detector. */
export function scanSecrets(text: string, lines: LineIndex, options: ScanOptions = {}): ScannedSecret[] {
  const settings = options.settings ?? mergeSecrets(undefined);
  // The rule and the redaction of other findings scan the same text one after the other.
  const key = JSON.stringify([settings, options.tables?.length ?? -1, options.blocks?.length ?? -1]);
  if (memo && memo.text === text && memo.key === key) return memo.result;
  const lower = text.toLowerCase();
  const found: Array<SecretMatch & { priority: number }> = [];
  const skipped = dataUriRanges(text);
  DETECTORS.forEach((detector, priority) => {
    if (settings.disable.includes(detector.kind)) return;
    if (!detector.keywords.some((k) => lower.includes(k))) return;
    detector.find({ text, lower, settings, tables: options.tables, lines }, (m) => {
      if (!skipped.some(([s, e]) => m.start >= s && m.end <= e)) found.push({ ...m, priority });
    });
  });
  found.sort((a, b) => a.priority - b.priority || a.start - b.start);
  // Characters taken by a more specific match, so overlaps resolve in time linear in the matches.
  const taken = found.length > 1 ? new Uint8Array(text.length + 1) : undefined;
  const kept: Array<SecretMatch & { priority: number }> = [];
  for (const m of found) {
    if (!taken) {
      kept.push(m);
      continue;
    }
    let free = true;
    for (let i = m.start; i < m.end && free; i++) free = taken[i] === 0;
    if (!free) continue;
    taken.fill(1, m.start, m.end);
    kept.push(m);
  }
  kept.sort((a, b) => a.start - b.start);
  const allowed = kept.length > 0 ? allowedLines(text, lines, options.blocks ?? []) : new Map<number, boolean>();
  const regexes = allowRegexes(settings);
  const result = kept.map(({ priority: _, ...m }): ScannedSecret => {
    const line = lines.lineOf(m.start);
    const out: ScannedSecret = { ...m, line };
    const comment = allowed.get(line);
    if (comment) out.allowed = 'comment';
    else if (comment === false) out.reasonMissing = true;
    if (!out.allowed) {
      const lineText = lines.lineText(line);
      if (regexes.some((re) => re.test(m.secret) || re.test(lineText))) out.allowed = 'config';
    }
    return out;
  });
  memo = { text, key, result };
  return result;
}

/** Base64 data URIs (inline images) are content, not credentials. */
function dataUriRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of text.matchAll(/data:[\w.+-]+\/[\w.+-]+;base64,[A-Za-z0-9+/=]+/g)) out.push([m.index!, m.index! + m[0].length]);
  return out;
}

/**
 * Masks every secret a detector recognises without context (keys, tokens, connection
 * strings), plus any of `known`, in a string shown to people: a message argument, a label.
 */
export function maskSecretsIn(value: string, known: readonly string[] = []): string {
  let out = value;
  for (const secret of known) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(maskSecret(secret));
  }
  const lower = out.toLowerCase();
  const settings = mergeSecrets(undefined);
  const spans: SecretMatch[] = [];
  for (const detector of DETECTORS) {
    if (!detector.contextFree || !detector.keywords.some((k) => lower.includes(k))) continue;
    detector.find({ text: out, lower, settings }, (m) => spans.push(m));
  }
  spans.sort((a, b) => b.start - a.start);
  let limit = Infinity;
  for (const m of spans) {
    if (m.end > limit) continue;
    out = out.slice(0, m.start) + maskSecret(m.secret) + out.slice(m.end);
    limit = m.start;
  }
  return out;
}

/** The secrets of a parsed document: an allow comment above a code block or table covers it. */
/** One scan per analysed document: the rule and the analyzer's masking pass share it. */
const scanned = new WeakMap<ParsedDocument, { text: string; secrets: ScannedSecret[] }>();

export function scanDocument(doc: ParsedDocument, text: string, lines: LineIndex, settings?: SecretsConfig): ScannedSecret[] {
  const known = scanned.get(doc);
  // One analysis has one config, so the document and its text are the whole key.
  if (known && known.text === text) return known.secrets;
  const blocks: Array<readonly [number, number]> = [...doc.codeLines, ...doc.tables.map((t) => [t.range.line, t.range.endLine] as const)];
  const secrets = scanSecrets(text, lines, { settings: settings ?? mergeSecrets(undefined), tables: doc.tables, blocks, lines });
  scanned.set(doc, { text, secrets });
  return secrets;
}
