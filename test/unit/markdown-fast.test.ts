// The fast Markdown parser must give exactly what remark gives (headings, links, tasks, tables,
// code lines: everything the rules read), or decline. Checked on the starter KB, every fixture,
// a few thousand seeded random documents built from tricky fragments, and the hard cases.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownTree, parseMarkdown } from '../../extension/core/markdown';
import { fastParse } from '../../extension/core/markdown-fast';
import { parseText } from '../../extension/core/parse-document';
import { LineIndex } from '../../extension/core/text';
import { markdownFiles, random, type Random } from './helpers/samples';

const root = join(__dirname, '..', '..');


/** Undefined when the fast parser declines; otherwise both results, to compare. */
function both(text: string) {
  if (!fastParse(text)) return undefined;
  return { fast: parseMarkdown(text, new LineIndex(text)), remark: parseMarkdown(text, new LineIndex(text), 'remark') };
}


const INLINE = ['*em*', '**strong**', '_u_', '__uu__', '***x***', '*a **b** c*', '**a *b* c**', '`code`', '``a`b``', '` `', '` a `', '[l](a.md)', '[l](a.md#x "t")', "[l](a.md 't')", '[l](a.md (t))', '[l](<a b.md>)', '[l]()', '[l](a(b)c.md)', '![i](p.png)', '![a *b*](p.png)', '[a [b] c](d.md)', '[**b**](x.md)', '[x]', '[x][y]', '<https://a.b>', '<a@b.co>', '<br>', '</span>', '<span class="x">', '<!-- c -->', '&amp;', '&#123;', '&bogus;', '\\*', '\\[', '\\_', 'word_with_under', '2*3*4', '中文**粗体**，', '**粗体**中文', '（**括号**）', '*', '**', '_', '[', ']', '(', ')', '!', '\\', '`', '|', '\\|', '<', '&', '#', 'a.md', '中文', 'English'];
const PREFIX = ['', '', '', ' ', '  ', '   ', '> ', '>', '> > ', '- ', '* ', '+ ', '1. ', '2) ', '- [ ] ', '- [x] ', '  - [X] ', '    - [ ] ', '1. [ ] ', '- [x]a', '  - ', '> - ', '- > ', '# ', '## ', '####### ', '- # '];
const WHOLE = ['', '', '```', '```js', '~~~', '````', '---', '***', '- - -', '===', '| a | b |', '|---|---|', '|:-:|--:|', 'a | b', '--|--', '| c |', '| c | d | e |', '<!-- c -->', '<!--', '-->', 'text  ', 'a\\', '  ```', '- ```', '> ```', '| `a|b` | c |'];

function randomDocument(r: Random): string {
  const lines: string[] = [];
  if (r.next() < 0.1) lines.push('---', 'id: x', '---');
  for (let i = r.int(1, 14); i > 0; i--) {
    if (r.next() < 0.2) lines.push(r.pick(WHOLE));
    else {
      let line = r.pick(PREFIX);
      for (let k = r.int(0, 6); k > 0; k--) line += r.pick([' ', '', '中', ', ']) + r.pick(INLINE);
      lines.push(line);
    }
  }
  return lines.join('\n') + (r.next() < 0.5 ? '\n' : '');
}

describe('fast Markdown parser', () => {
  it('matches remark on the starter KB and every fixture, and takes nearly all of them', () => {
    const files = [...markdownFiles(join(root, 'kb')), ...markdownFiles(join(root, 'test', 'fixtures'))];
    let taken = 0;
    for (const file of files) {
      const result = both(readFileSync(file, 'utf8'));
      if (!result) continue;
      taken++;
      assert.deepEqual(result.fast, result.remark, file);
    }
    assert.ok(files.length > 50 && taken / files.length > 0.9, `took ${taken} of ${files.length}`);
  });

  it('matches remark on seeded random documents built from tricky fragments', () => {
    const r = random(20261123);
    let taken = 0;
    for (let i = 0; i < 2500; i++) {
      const text = randomDocument(r);
      const result = both(text);
      if (!result) continue;
      taken++;
      assert.deepEqual(result.fast, result.remark, JSON.stringify(text));
    }
    // Fragments such as tabs and unclosed fences are declined on purpose; most documents are not.
    assert.ok(taken > 800, `took ${taken} of 2500`);
  });

  it('gives positions, urls and texts as remark does for links, tasks, tables and emphasis', () => {
    const text = [
      '---',
      'id: KB-0001',
      '---',
      '',
      '# 标题 **粗体** `code` #',
      '',
      '见 [运维\\_指南](../02-运维/部署.md#回滚 "title") 与 ![图](a.png)，<https://example.com>。',
      '',
      '- [x] 已完成 [链接](b.md)',
      '  - [ ] 子项 *强调*',
      '    续行',
      '1. [X] 有序',
      '',
      '| 列 | 说明 |',
      '|---|:-:|',
      '| `a\\|b` | c \\| d |',
      '',
      '> 引用 [x](c.md)',
      '',
      '```js',
      'code',
      '```',
      '<!-- baton-allow-secret: 示例 -->',
      '',
    ].join('\n');
    const result = both(text);
    assert.ok(result, 'taken');
    assert.deepEqual(result.fast, result.remark);
    assert.deepEqual(result.fast.links.map((l) => l.url), ['../02-运维/部署.md#回滚', 'a.png', 'https://example.com', 'b.md', 'c.md']);
    assert.deepEqual(result.fast.tasks.map((t) => [t.checked, t.depth, t.text]), [[true, 0, '已完成 链接'], [false, 1, '子项 强调\n续行'], [true, 0, '有序']]);
    assert.deepEqual(result.fast.tables[0].rows[0].cells, ['a|b', 'c | d']);
  });

  it('declines what it does not know, and remark then parses it', () => {
    for (const text of ['a\r\nb\r\n', '- a\n\n      indented code\n', 'para\n\n    code\n', '<div>\nhtml\n</div>\n', '[ref]: /url\n', '\t- tab\n', '```\nunclosed\n', '---\nno: close\n', 'a* '.repeat(3000)]) {
      assert.equal(fastParse(text), undefined, JSON.stringify(text.slice(0, 30)));
      assert.ok(markdownTree(text), 'remark still parses it');
    }
  });

  it('parses 50,000 nested block quotes without recursion, quickly', () => {
    const text = `${'>'.repeat(50_000)} 深层嵌套引用\n`;
    const started = Date.now();
    const doc = parseText('/kb/deep.md', text);
    assert.equal(doc.limit, undefined, 'parsed, not stopped');
    assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
  });
});
