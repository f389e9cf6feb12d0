// Fix data applied as the CLI's --fix and the editor's fix-all apply it.
import { strict as assert } from 'node:assert';
import { Engine } from '../../extension/core/engine';
import { applyEdits, fixAllEdits } from '../../extension/core/fixes';
import { linkTarget } from '../../extension/core/rules/broken-link';
import { memoryHost } from './helpers/memory-host';

async function fixAll(files: Record<string, string>, path: string): Promise<string> {
  const host = memoryHost(files);
  const engine = await Engine.open(host, '/repo');
  await engine.scan();
  return applyEdits(host.fs.text(path), fixAllEdits(engine.findings(path))).text;
}

describe('fix-all', () => {
  it('adds every missing required field in one pass', async () => {
    const fixed = await fixAll({ '/repo/kb/c.md': '---\nid: CASE-2026-001\ntitle: 案例\ntype: case\nowner: lisi\n---\n\n## 问题描述\n\n内容。\n' }, '/repo/kb/c.md');
    const fm = fixed.split('---')[1];
    for (const line of ['status: draft', 'category: incident', 'severity: P0', 'occurred_at: "2026-03-14T09:20:00+08:00"']) assert.ok(fm.includes(`${line}\n`), `adds ${line}`);
  });

  it('adds several missing sections in their order', async () => {
    const fixed = await fixAll(
      { '/repo/kb/c.md': '---\nid: CASE-2026-001\ntitle: 案例\ntype: case\nowner: lisi\nstatus: draft\ncategory: incident\nseverity: P1\noccurred_at: "2026-03-14T09:20:00+08:00"\n---\n\n## 问题描述\n\n内容。\n\n## 最佳实践\n\n内容。\n' },
      '/repo/kb/c.md',
    );
    const headings = [...fixed.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(headings, ['问题描述', '问题分析', '解决方案', '效果评估', '最佳实践']);
  });

  it('applies insertions at one point in the order given, and skips overlapping edits', () => {
    assert.equal(applyEdits('ab', [{ start: 1, end: 1, text: 'X' }, { start: 1, end: 1, text: 'Y' }]).text, 'aXYb');
    assert.deepEqual(applyEdits('abcd', [{ start: 0, end: 2, text: 'Z' }, { start: 1, end: 3, text: 'W' }]), { text: 'aWd', applied: 1 });
  });

  it('keeps Chinese link targets readable unless the author percent-encoded them', () => {
    assert.equal(linkTarget('../02-运维指南/故障处理.md#处理流程', '故障处l.md'), '../02-运维指南/故障处理.md#处理流程');
    assert.equal(linkTarget('a b(1).md', 'x.md'), 'a%20b%281%29.md');
    assert.equal(linkTarget('故障.md', '%E6%95%85.md'), '%E6%95%85%E9%9A%9C.md');
  });
});

describe('fix-all and typos', () => {
  it('renames a mistyped required key instead of adding a second one', async () => {
    const fixed = await fixAll({ '/repo/kb/a.md': '---\nid: KB-0001\ntitl: 部署\ntype: article\nowner: lisi\nstatus: draft\n---\n\n## 概述\n\n正文。\n' }, '/repo/kb/a.md');
    assert.equal(fixed.match(/^title:/gm)?.length, 1);
    assert.ok(!/^titl:/m.test(fixed));
    assert.match(fixed, /^title: 部署$/m);
  });
});
