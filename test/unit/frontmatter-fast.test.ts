// The fast frontmatter reader must give exactly what the YAML library gives (data, every key's
// ranges, their order, problems), or decline. Checked on the starter KB, every fixture, seeded
// random blocks built from tricky lines, and the cases it must decline.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFrontmatter } from '../../extension/core/frontmatter';
import { parseSimpleYaml } from '../../extension/core/frontmatter-fast';
import { LineIndex } from '../../extension/core/text';
import { markdownFiles, random, type Random } from './helpers/samples';

const root = join(__dirname, '..', '..');


/** Whether the fast reader took the block; when it did, both readings must be the same, key order too. */
function compare(text: string, label: string): boolean {
  const block = /^---\n([\s\S]*?\n)---\n/.exec(text);
  if (!block || !parseSimpleYaml(block[1])) return false;
  const lines = new LineIndex(text);
  const fast = parseFrontmatter(text, lines);
  const full = parseFrontmatter(text, lines, { fast: false });
  assert.deepEqual(fast, full, label);
  assert.deepEqual(Object.keys(fast.keys), Object.keys(full.keys), `${label}: key order`);
  return true;
}


const KEYS = ['id', 'title', 'type', 'owner', 'tags', 'from', 'covers', 'signed_off', 'a-b', '_x', '__proto__', 'constructor', '2fa', 'Key', 'true', 'True', 'null', 'NULL', 'false', 'x1'];
/** Values it takes, and values that test where it stops. */
const PLAIN = ['KB-0001', '网关 502 排查', '"双引号"', "'单引号'", '"a: b"', "'# not a comment'", '2026-11-02', '1.0.0', 'v1.0', 'yes', 'a:b', 'a#c', 'C#', 'a [b] {c}', 'x  ', 'https://example.com/a?b=c', 'src/**/*.ts', '中文：全角冒号', '""', "''"];
const TRICKY = ['"a \\" b"', "'it''s'", '"a: b"', "'# not a comment'", '2026-11-02', '2026-11-02T09:00:00+08:00', '1', '-1', '0x1F', '0o17', '1.5', '.5', '1e3', '.inf', '.NaN', '1.0.0', 'v1.0', 'true', 'False', 'null', '~', 'Null', 'yes', 'no', 'a: b', 'a:b', 'a #c', 'a#c', 'C#', 'a [b] {c}', '[a, b]', '{a: 1}', '&anchor x', '*alias', '!tag x', '|', '>', '- x', '-x', '?x', '%x', '@x', '`x`', 'x  ', 'x:', 'https://example.com/a?b=c', 'src/**/*.ts', '中文：全角冒号', '"', "'", '""', "''", ''];

function randomBlock(r: Random): string {
  const lines: string[] = [];
  const value = () => (r.next() < 0.85 ? r.pick(PLAIN) : r.pick(TRICKY));
  // Mostly new names; sometimes a tricky or repeated one.
  let n = 0;
  const name = () => (r.next() < 0.85 ? `key_${n++}` : r.pick(KEYS));
  for (let i = r.int(1, 8); i > 0; i--) {
    const key = name();
    const shape = r.next();
    if (shape < 0.55) lines.push(`${key}:${r.pick([' ', '  ', ''])}${value()}`);
    else if (shape < 0.8) {
      lines.push(`${key}:${r.pick(['', ' '])}`);
      const indent = r.pick(['', '  ', '  ', '    ', ' ']);
      for (let k = r.int(r.next() < 0.9 ? 1 : 0, 3); k > 0; k--) lines.push(`${r.next() < 0.9 ? indent : '   '}-${r.next() < 0.9 ? ' ' : r.pick(['  ', ''])}${value()}`);
    } else if (shape < 0.95) {
      lines.push(`${key}:`);
      const indent = r.pick(['  ', '  ', '    ', ' ']);
      for (let k = r.int(r.next() < 0.9 ? 1 : 0, 3); k > 0; k--) lines.push(`${r.next() < 0.9 ? indent : '      '}${name()}:${r.next() < 0.9 ? ' ' : ''}${value()}`);
    } else {
      lines.push(r.pick(['', '# comment', '  ', 'key: a\tb', 'key: a\r', '...', 'key: |', '  continued', '? complex']));
    }
  }
  return `---\n${lines.join('\n')}\n---\n\n正文\n`;
}

describe('fast frontmatter reader', () => {
  it('reads the starter KB and every fixture as the YAML library does, and takes nearly all of them', () => {
    const files = [...markdownFiles(join(root, 'kb')), ...markdownFiles(join(root, 'test', 'fixtures'))];
    let taken = 0;
    for (const file of files) if (compare(readFileSync(file, 'utf8'), file)) taken++;
    // Templates and handover sign-offs (lists of mappings) go to the library; the plain documents do not.
    assert.ok(files.length > 50 && taken / files.length > 0.5, `took ${taken} of ${files.length}`);
  });

  it('reads seeded random blocks built from tricky lines as the YAML library does', () => {
    const r = random(20261203);
    let taken = 0;
    for (let i = 0; i < 4000; i++) {
      const text = randomBlock(r);
      if (compare(text, JSON.stringify(text))) taken++;
    }
    // Most random blocks hold something it declines on purpose; enough do not.
    assert.ok(taken > 400, `took ${taken} of 4000`);
  });

  it('takes keys, strings, lists and one level of mappings, with the ranges the library gives', () => {
    const source = 'id: KB-1  \ntitle: "引号"\nname: \'x y\'\ntags:\n  - a\n  - b  \nfrom:\n  org: 启明\n  person: 周杰\nlist:\n- x\n- y\nlast: z\n';
    const simple = parseSimpleYaml(source);
    assert.ok(simple);
    assert.deepEqual(simple.data, { id: 'KB-1', title: '引号', name: 'x y', tags: ['a', 'b'], from: { org: '启明', person: '周杰' }, list: ['x', 'y'], last: 'z' });
    const [id, , , tags, from] = simple.root.pairs!;
    assert.deepEqual([id.value.start, id.value.end], [4, 8], 'trailing spaces are not part of a plain scalar');
    assert.deepEqual([tags.value.start, tags.value.end], [43, 55], 'a list runs from its first dash to the end of its last line');
    assert.deepEqual([from.value.start, from.value.end], [63, 84]);
    assert.ok(compare(`---\n${source}---\n`, 'the example'));
  });

  it('declines what the core schema reads as other than a string, and what it does not know', () => {
    for (const source of ['n: 1\n', 'n: -1\n', 'f: 1.5\n', 'b: true\n', 'z: null\n', 'z: ~\n', 'e:\n', 'c: a # note\n', '# c\nk: v\n', 'k: v\n\nj: w\n', 'k: [a, b]\n', 'k: &a x\n', 'k: "a\\tb"\n', "k: 'it''s'\n", 'k: |\n  text\n', 'k: a\r\n', 'k:\ta\n', 'k: a\n  continued\n', 'k: v\nk: w\n', '__proto__: x\n', 'a:\n  b:\n    c: d\n', 'a:\n  - b: c\n', 'a:\n  -  b\n', 'k: a\u2028b\n', 'true: x\n', 'null: x\n', 'a:\n  False: x\n', '']) {
      assert.equal(parseSimpleYaml(source), undefined, JSON.stringify(source));
      const text = `---\n${source}---\n`;
      assert.equal(compare(text, JSON.stringify(source)), false);
      assert.doesNotThrow(() => parseFrontmatter(text, new LineIndex(text)), 'the library still reads it');
    }
  });
});
