// The Markdown preview plugin on a real markdown-it: a progress bar right after each heading
// whose section holds tasks, with the counts the view and the CLI show.
import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { checklistPreviewPlugin, headingProgress, type MarkdownIt as PluginTarget } from '../../extension/vscode/features/checklists/preview';

const label = (p: { done: number; total: number }) => `${p.done} of ${p.total}`;
const render = (src: string) => checklistPreviewPlugin(new MarkdownIt() as unknown as PluginTarget, label) as unknown as MarkdownIt;

describe('checklist preview plugin', () => {
  const src = ['# 清单', '', '## 一', '', '- [x] a', '  - [x] a1', '  - [ ] a2', '', '### 一.1', '', '- [x] b', '', '## 二', '', '正文，没有任务', '', '```', '- [ ] 代码里的不算', '```', ''].join('\n');

  it('counts leaves per heading line, subheadings included', () => {
    assert.deepEqual([...headingProgress(src)], [
      [0, { done: 2, total: 3 }],
      [2, { done: 2, total: 3 }],
      [8, { done: 1, total: 1 }],
    ]);
  });

  it('puts a bar after each heading that holds tasks, and none elsewhere', () => {
    const html = render(src).render(src);
    const bars = [...html.matchAll(/<\/h(\d)>\n<div class="baton-progress"[^]*?<span>([^<]+)<\/span><\/div>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(bars, [['1', '2/3 · 66%'], ['2', '2/3 · 66%'], ['3', '1/1 · 100%']]);
    assert.equal((html.match(/baton-progress/g) ?? []).length, 3);
    assert.match(html, /<h2>二<\/h2>\n<p>/);
    assert.match(html, /title="2 of 3"/);
    assert.match(html, /style="width:66%;/);
  });

  it('lines headings up after a frontmatter block', () => {
    const withFrontmatter = `---\ntitle: x\n---\n\n${src}`;
    assert.deepEqual([...headingProgress(withFrontmatter).keys()], [4, 6, 12]);
  });

  it('leaves a document without tasks alone', () => {
    const plain = '# 标题\n\n正文 [链接](x.md)\n';
    assert.equal(render(plain).render(plain), new MarkdownIt().render(plain));
  });
});
