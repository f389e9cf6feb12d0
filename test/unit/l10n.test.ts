// Every user-facing string has a Simplified Chinese translation, and every translation is used.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** Single-quoted literals passed to msg(), t(), t.t() or vscode.l10n.t(). */
const CALL = /(?:\bmsg|\bt\.t|\bl10n\.t|(?<![\w.])t)\(\s*'((?:[^'\\]|\\.)*)'/g;
/** Command summaries and rule descriptions given as plain literals. */
const SUMMARY = /\bsummary: '((?:[^'\\]|\\.)*)'/g;

function usedKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  for (const file of sources(join(ROOT, 'extension'))) {
    const text = readFileSync(file, 'utf8');
    for (const re of [CALL, SUMMARY]) {
      for (const m of text.matchAll(re)) keys.set(m[1].replace(/\\'/g, "'"), file);
    }
  }
  return keys;
}

function bundle(): Record<string, string> {
  const merged: Record<string, string> = {};
  const dir = join(ROOT, 'l10n', 'zh-cn');
  for (const name of readdirSync(dir)) Object.assign(merged, JSON.parse(readFileSync(join(dir, name), 'utf8')));
  return merged;
}

describe('translations', () => {
  it('has a Chinese translation for every message in the code', () => {
    const zh = bundle();
    const missing = [...usedKeys()].filter(([key]) => !(key in zh)).map(([key, file]) => `${file.slice(ROOT.length + 1)}: ${key}`);
    assert.deepEqual(missing, []);
  });

  it('keeps the {n} slots of each message in its translation', () => {
    const zh = bundle();
    const slots = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort().join();
    const wrong = Object.entries(zh).filter(([en, cn]) => slots(en) !== slots(cn)).map(([en]) => en);
    assert.deepEqual(wrong, []);
  });

  it('has no translation for a message the code no longer uses', () => {
    const used = usedKeys();
    const unused = Object.keys(bundle()).filter((key) => !used.has(key));
    assert.deepEqual(unused, []);
  });

  it('translates every manifest string', () => {
    const en = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const zh = JSON.parse(readFileSync(join(ROOT, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    const manifest = readFileSync(join(ROOT, 'package.json'), 'utf8');
    const referenced = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.deepEqual(referenced.filter((k) => !(k in en)), []);
  });
});
