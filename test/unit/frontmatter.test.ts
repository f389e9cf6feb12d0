// Frontmatter parsing: positions for every key, dates kept as written, and nothing runs.
import { strict as assert } from 'node:assert';
import { parseFrontmatter, splitFrontmatter } from '../../extension/core/frontmatter';
import { parseText, parseTextFast } from '../../extension/core/parse-document';
import { LineIndex } from '../../extension/core/text';

const parse = (text: string) => parseFrontmatter(text, new LineIndex(text));

describe('frontmatter', () => {
  it('keeps the position of every key, nested ones and list items too', () => {
    const fm = parse('---\nid: HO-2026-001\nfrom:\n  org: 实施方\n  person: 张三\nrelated:\n  - KB-0001\n---\n');
    assert.deepEqual(fm.keys['from.person'].key, { line: 5, column: 3, endLine: 5, endColumn: 9 });
    assert.deepEqual(fm.keys['from.person'].value, { line: 5, column: 11, endLine: 5, endColumn: 13 });
    assert.deepEqual(fm.keys['related.0'].value, { line: 7, column: 5, endLine: 7, endColumn: 12 });
    assert.equal(fm.bodyStart, '---\nid: HO-2026-001\nfrom:\n  org: 实施方\n  person: 张三\nrelated:\n  - KB-0001\n---\n'.length);
  });

  it('keeps dates as the strings the author wrote', () => {
    const fm = parse('---\ncreated: 2026-10-12\nat: 2026-03-14T09:20:00+08:00\n---\n');
    assert.equal(fm.data.created, '2026-10-12');
    assert.equal(fm.data.at, '2026-03-14T09:20:00+08:00');
  });

  it('reports broken YAML with a line and column', () => {
    const fm = parse('---\nid: KB-0001\ntitle: "unterminated\n---\n');
    assert.equal(fm.problem?.code, 'yaml');
    assert.ok(fm.problem!.range.line >= 3, `line ${fm.problem!.range.line}`);
    assert.ok(fm.problem!.range.column >= 1);
  });

  it('reports a ---js block and never runs it, nor does the gray-matter path', () => {
    const marker = '__batonFrontmatterRan';
    const text = `---js\nglobalThis.${marker} = true;\nmodule.exports = { id: 'KB-1' }\n---\n# x\n`;
    const fm = parse(text);
    assert.equal(fm.problem?.code, 'fence');
    assert.deepEqual(fm.data, {});
    const split = splitFrontmatter(text, new LineIndex(text));
    assert.equal(split.problem?.code, 'fence');
    assert.equal((globalThis as Record<string, unknown>)[marker], undefined);
  });

  it('keeps a refused block out of the body: no heading, paragraph or section is made of it', () => {
    for (const text of ['---js\nmodule.exports = { title: "x" }\n---\n# 标题\n\n正文\n', '+++\ntitle = "x"\n+++\n# 标题\n\n正文\n']) {
      for (const parsed of [parseText('kb/a.md', text), parseTextFast('kb/a.md', text)!]) {
        assert.equal(parsed.frontmatter.problem?.code, 'fence');
        assert.equal(parsed.frontmatter.bodyStart, text.indexOf('# 标题'));
        assert.deepEqual(
          parsed.headings.map((h) => [h.text, h.range.line]),
          [['标题', 4]],
        );
      }
    }
    // Never closed: the whole text stays body, as before.
    assert.equal(parse('---js\nmodule.exports = {}\n').bodyStart, 0);
  });

  it('refuses aliases instead of expanding them', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) levels.push(`l${i}: &l${i} [${Array(9).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
    const started = Date.now();
    const fm = parse(`---\n${levels.join('\n')}\n---\n`);
    assert.equal(fm.problem?.code, 'yaml');
    assert.match(fm.problem!.message.text, /aliases/);
    assert.ok(Date.now() - started < 1000, 'an alias bomb is refused at once');
  });

  it('requires a mapping', () => {
    assert.equal(parse('---\n- a\n- b\n---\n').problem?.code, 'not-mapping');
    assert.equal(parse('---\njust a string\n---\n').problem?.code, 'not-mapping');
    assert.equal(parse('---\n---\n').problem, undefined);
  });

  it('reports an unclosed block and a TOML fence', () => {
    assert.equal(parse('---\nid: KB-0001\n\n# body\n').problem?.code, 'unclosed');
    assert.equal(parse('+++\nid = "x"\n+++\n').problem?.code, 'fence');
  });

  it('splits body from frontmatter through gray-matter without caching', async () => {
    const text = '---\nid: KB-0001\n---\n正文\n';
    const split = splitFrontmatter(text, new LineIndex(text));
    assert.deepEqual(split.data, { id: 'KB-0001' });
    assert.equal(split.body.trim(), '正文');
    const matter = (await import('gray-matter')).default as unknown as { cache: Record<string, unknown> };
    assert.equal(Object.keys(matter.cache).length, 0);
  });
});
