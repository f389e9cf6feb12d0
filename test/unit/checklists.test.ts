// The checklist model: leaf counting on nested lists, rollups by heading, document, folder
// and KB, owners and due dates read from item text, and overdue against a fixed "today".
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildChecklist,
  formatProgress,
  isValidDate,
  localDate,
  mayHaveDueDates,
  normalizeDate,
  parseItemMeta,
  percent,
  rollup,
  type DocumentChecklist,
} from '../../extension/core/checklists';
import { parseText } from '../../extension/core/parse-document';

const TODAY = '2026-11-23';
const build = (text: string, path = '/repo/kb/a.md', options: { today?: string; team?: string[] } = {}): DocumentChecklist =>
  buildChecklist(parseText(path, text), { today: options.today ?? TODAY, team: options.team });

/**
 * An independent count of a task list, from the lines alone: a task line is a bullet or
 * number followed by a box and text; it is a parent when the next task line is indented
 * deeper. Fenced code is skipped.
 */
function countByLines(text: string): { items: number; leaves: number; doneLeaves: number; done: number } {
  const lines = text.split(/\r?\n/);
  const tasks: Array<{ indent: number; checked: boolean }> = [];
  let fence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (fence) continue;
    const m = /^(\s*)(?:>\s*)*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s+\S/.exec(line);
    if (m) tasks.push({ indent: m[1].length, checked: m[2] !== ' ' });
  }
  let leaves = 0;
  let doneLeaves = 0;
  tasks.forEach((t, i) => {
    const next = tasks[i + 1];
    if (next && next.indent > t.indent) return;
    leaves++;
    if (t.checked) doneLeaves++;
  });
  return { items: tasks.length, leaves, doneLeaves, done: tasks.filter((t) => t.checked).length };
}

describe('checklist model', () => {
  describe('the starter go-live checklist', () => {
    const path = join(__dirname, '..', '..', 'kb', '07-检查清单', '上线检查清单.md');
    const text = readFileSync(path, 'utf8');
    const model = build(text, '/repo/kb/07-检查清单/上线检查清单.md');
    const expected = countByLines(text);

    it('has as many items and leaves as a line-by-line count', () => {
      assert.ok(expected.items > 100, `the starter checklist should be a big one (found ${expected.items} task lines)`);
      assert.equal(model.items.length, expected.items);
      assert.equal(model.progress.total, expected.leaves);
      assert.equal(model.progress.done, expected.doneLeaves);
      assert.equal(model.items.filter((i) => i.checked).length, expected.done);
    });

    it('sums its sections to the document total and keeps the title out of the sections', () => {
      assert.equal(model.title, '报表中心 2.0 上线检查清单');
      assert.ok(model.isChecklist);
      assert.ok(!model.sections.some((s) => s.depth === 1));
      const top = model.topSections.map((i) => model.sections[i].progress);
      const rootLeaves = model.rootItems.reduce((n, i) => n + model.items[i].progress.total, 0);
      assert.equal(top.reduce((n, p) => n + p.total, 0) + rootLeaves, model.progress.total);
      assert.equal(top.reduce((n, p) => n + p.done, 0), model.progress.done);
      // Each section's count matches the independent count of its own slice of the text.
      const lines = text.split('\n');
      for (const i of model.topSections) {
        const s = model.sections[i];
        const next = model.sections.find((o, j) => j > i && o.parent === -1);
        const slice = lines.slice(s.line - 1, next ? next.line - 1 : undefined).join('\n');
        const count = countByLines(slice);
        assert.equal(s.progress.total, count.leaves, s.text);
        assert.equal(s.progress.done, count.doneLeaves, s.text);
      }
    });

    it('inherits the frontmatter due date and finds the overdue items on a fixed day', () => {
      const due = String(parseText(path, text).frontmatter.data.due);
      assert.equal(model.due, due);
      const before = build(text, path, { today: '2026-11-01' });
      assert.equal(before.overdue, 0, 'nothing is overdue three weeks before go-live');
      // The day after the checklist's own due date, every open leaf is overdue.
      const after = build(text, path, { today: '2026-12-31' });
      assert.equal(after.overdue, after.progress.total - after.progress.done);
      for (const item of model.items) {
        if (!item.done && item.effectiveDue! < TODAY) assert.ok(item.overdue, `line ${item.line}`);
        if (item.overdue) assert.ok(!item.done && item.effectiveDue! < TODAY, `line ${item.line}`);
      }
    });
  });

  it('counts leaves of nested items, at any depth', () => {
    const model = build(['# 清单', '', '## 环境', '', '- [ ] 服务器', '  - [x] CPU', '  - [ ] 磁盘', '    - [x] 数据盘', '    - [x] 日志盘', '  - [x] 网络', '- [x] 域名', ''].join('\n'));
    assert.equal(model.items.length, 7);
    assert.deepEqual(model.progress, { done: 5, total: 5 });
    const [server, , disk] = model.items;
    assert.deepEqual(server.progress, { done: 4, total: 4 });
    assert.ok(server.done, 'a parent is done when every child is');
    assert.ok(!server.checked);
    assert.ok(disk.done && !disk.checked);
    assert.deepEqual(model.items.map((i) => i.depth), [0, 1, 1, 2, 2, 1, 0]);
    assert.deepEqual(server.children, [1, 2, 5]);
  });

  it('marks a checked parent with open children as inconsistent and counts its open leaves as open', () => {
    const model = build(['- [x] 值班安排', '  - [x] 值班表', '  - [ ] 联系方式', '- [ ] 工具', '  - [x] 工单', ''].join('\n'));
    const [parent, , , tools] = model.items;
    assert.ok(parent.inconsistent);
    assert.ok(parent.done, 'a checked parent is done');
    assert.deepEqual(parent.progress, { done: 1, total: 2 });
    assert.ok(tools.done && !tools.inconsistent);
    assert.equal(model.inconsistent, 1);
    assert.deepEqual(model.progress, { done: 2, total: 3 });
  });

  it('rolls up by heading, subheadings included, with items under the title outside every section', () => {
    const model = build(
      ['# 标题', '', '- [x] 标题下的条目', '', '## 一', '', '- [x] a', '', '### 一.1', '', '- [ ] b', '- [ ] c', '', '## 二', '', '正文', '', '## 三', '', '- [x] d', ''].join('\n'),
    );
    assert.deepEqual(model.rootItems, [0]);
    assert.deepEqual(
      model.sections.map((s) => [s.text, s.depth, s.parent, formatProgress(s.progress)]),
      [
        ['一', 2, -1, '1/3 · 33%'],
        ['一.1', 3, 0, '0/2 · 0%'],
        ['三', 2, -1, '1/1 · 100%'],
      ],
    );
    assert.deepEqual(model.topSections, [0, 2]);
    assert.deepEqual(model.sections[0].sections, [1]);
    assert.deepEqual(model.sections[0].items, [1]);
    assert.deepEqual(model.progress, { done: 3, total: 5 });
  });

  it('takes several level-1 headings as sections', () => {
    const model = build(['# 一', '- [x] a', '# 二', '- [ ] b', ''].join('\n'));
    assert.deepEqual(model.sections.map((s) => s.text), ['一', '二']);
    assert.deepEqual(model.rootItems, []);
  });

  it('reads every kind of bullet, ordered lists and tasks in blockquotes', () => {
    const model = build(['- [x] 减号', '* [X] 星号', '+ [ ] 加号', '', '1. [x] 一', '2) [ ] 二', '', '> - [x] 引用', '> - [ ] 引用二', '>   - [x] 引用子项', ''].join('\n'));
    assert.deepEqual(
      model.items.map((i) => [i.text, i.checked, i.depth]),
      [
        ['减号', true, 0],
        ['星号', true, 0],
        ['加号', false, 0],
        ['一', true, 0],
        ['二', false, 0],
        ['引用', true, 0],
        ['引用二', false, 0],
        ['引用子项', true, 1],
      ],
    );
    assert.deepEqual(model.progress, { done: 5, total: 7 });
  });

  it('does not count brackets in table cells, code fences, indented code or HTML', () => {
    const text = ['| 项 | 状态 |', '|---|---|', '| - [ ] 表格 | [x] |', '', '```markdown', '- [ ] 代码', '- [x] 代码', '```', '', '    - [ ] 缩进代码', '', '<!--', '- [ ] 注释', '-->', '', '- [ ] 真的任务', ''].join('\n');
    const model = build(text);
    assert.deepEqual(model.items.map((i) => i.text), ['真的任务']);
    assert.deepEqual(model.progress, { done: 0, total: 1 });
  });

  describe('owners and due dates', () => {
    it('reads CJK and dotted owners, and both date markers, and strips them from the text', () => {
      assert.deepEqual(parseItemMeta('Redis 容量评估 @钱七 📅 2026-11-18'), { owner: '钱七', ownerAt: 11, dueText: '2026-11-18', dueAt: 15, dueLength: 13, text: 'Redis 容量评估' });
      const dotted = parseItemMeta('告警演练 @zhang.san due:2026-12-01。');
      assert.equal(dotted.owner, 'zhang.san');
      assert.equal(dotted.dueText, '2026-12-01');
      assert.equal(dotted.text, '告警演练 。');
      assert.equal(parseItemMeta('（见第 9 节）@zhangsan').owner, 'zhangsan');
      assert.equal(parseItemMeta('结束于句号 @zhang.san.').owner, 'zhang.san');
    });

    it('does not take an e-mail address or a word ending in due: for markers', () => {
      const meta = parseItemMeta('通知 ops@bank.example 和 overdue:2026-01-01');
      assert.equal(meta.owner, undefined);
      assert.equal(meta.dueText, undefined);
    });

    it('skips only documents where no item can have a date: every text with a date marker passes the quick test', () => {
      // Each text with whether an item written so may have a date.
      const texts: Array<[string, boolean]> = [
        ['Redis 容量评估 📅 2026-11-18', true],
        ['📅️2026-11-18', true],
        ['告警演练 DUE:2026-12-01', true],
        ['（Due: 2026-12-01）', true],
        ['overdue:2026-01-01', true],
        ['📅', true],
        ['无日期 @张三', false],
        ['截止 2026-12-01', false],
        ['due 2026-12-01', false],
      ];
      for (const [text, may] of texts) {
        const hinted = mayHaveDueDates(parseText('/repo/kb/a.md', `- [ ] ${text}\n`));
        assert.equal(hinted, may, text);
        // The quick test never passes over a date the full parse would find.
        if (parseItemMeta(text).dueText !== undefined) assert.ok(hinted, text);
      }
      assert.equal(mayHaveDueDates(parseText('/repo/kb/a.md', '---\ntype: checklist\ndue: 2026-11-01\n---\n- [ ] 无日期\n')), true, 'the frontmatter due');
      // With no marker anywhere nothing is overdue, so the rule may skip the document.
      assert.equal(build('- [ ] 无日期\n  - [ ] 子项 @张三\n', '/repo/kb/a.md', { today: '2999-01-01' }).items.some((i) => i.overdue), false);
    });

    it('cuts a CJK owner written against the next word to the longest team name', () => {
      assert.equal(parseItemMeta('@张三负责部署').owner, '张三负责部署');
      assert.equal(parseItemMeta('@张三负责部署', ['张', '张三', '李四']).owner, '张三');
      assert.equal(parseItemMeta('@张三负责部署', ['李四']).owner, '张三负责部署');
    });

    it('keeps invalid dates apart and lets items inherit owners and dates from their parent', () => {
      const model = build(['- [ ] 父项 @李四 📅 2026-11-20', '  - [ ] 子项', '  - [ ] 改期的子项 📅 2026-12-01 @王五', '- [ ] 日期写错 📅 2026-02-30', '- [ ] 月份写错 due:2026-13-01', ''].join('\n'));
      const [parent, child, moved, wrongDay, wrongMonth] = model.items;
      assert.equal(child.effectiveOwner, '李四');
      assert.equal(child.owner, undefined);
      assert.equal(child.effectiveDue, '2026-11-20');
      assert.equal(child.dueFrom, 'parent');
      assert.ok(child.overdue && parent.overdue);
      assert.equal(moved.effectiveOwner, '王五');
      assert.ok(!moved.overdue);
      assert.equal(wrongDay.invalidDue, '2026-02-30');
      assert.equal(wrongDay.due, undefined);
      assert.ok(!wrongDay.overdue);
      assert.equal(wrongMonth.invalidDue, '2026-13-01');
      assert.equal(model.overdue, 1, 'only the leaf under the overdue parent counts');
      assert.equal(model.unowned, 2);
    });

    it('validates and normalises dates', () => {
      assert.ok(isValidDate('2028-02-29'));
      assert.ok(!isValidDate('2026-02-29'));
      assert.ok(!isValidDate('2026-04-31'));
      assert.ok(!isValidDate('26-04-01'));
      assert.equal(normalizeDate('2026/12/1'), '2026-12-01');
      assert.equal(normalizeDate('2026年1月5日'), '2026-01-05');
      assert.equal(normalizeDate('2026.13.01'), undefined);
    });
  });

  describe('overdue on a fixed today', () => {
    const checklist = (due: string) => `---\nid: CL-0001\ntitle: 清单\ntype: checklist\nphase: go-live\ndue: ${due}\n---\n\n# 清单\n\n- [ ] 继承\n- [ ] 自己的日期 📅 2026-11-30\n- [x] 完成的 📅 2026-01-01\n`;

    it('is overdue only after the due day, and never when done', () => {
      for (const [today, overdue] of [['2026-11-20', 0], ['2026-11-21', 0], ['2026-11-22', 1], ['2026-12-01', 2]] as const) {
        assert.equal(build(checklist('2026-11-21'), '/repo/kb/c.md', { today }).overdue, overdue, today);
      }
    });

    it('inherits the frontmatter due only in checklist documents, and an own date wins', () => {
      const model = build(checklist('2026-11-21'), '/repo/kb/c.md');
      assert.deepEqual(model.items.map((i) => [i.effectiveDue, i.dueFrom]), [['2026-11-21', 'document'], ['2026-11-30', 'item'], ['2026-01-01', 'item']]);
      const note = build(checklist('2026-11-21').replace('type: checklist', 'type: article'), '/repo/kb/c.md');
      assert.equal(note.items[0].effectiveDue, undefined);
      assert.equal(note.due, undefined);
      const badDue = build(checklist('下周一'), '/repo/kb/c.md');
      assert.equal(badDue.items[0].effectiveDue, undefined);
    });

    it('takes today from the local calendar date of a clock', () => {
      assert.equal(localDate(new Date(2026, 10, 23, 23, 59)), '2026-11-23');
      assert.equal(localDate(new Date(2026, 0, 1, 0, 0)), '2026-01-01');
    });
  });

  it('rolls up by folder and across the KB', () => {
    const a = build('- [x] a\n- [ ] b 📅 2026-01-01\n', '/repo/kb/07/a.md');
    const b = build('- [x] c\n', '/repo/kb/07/sub/b.md');
    const c = build('- [ ] d\n- [ ] e\n', '/repo/kb/08/c.md');
    const empty = build('no tasks\n', '/repo/kb/09/d.md');
    const { total, folders } = rollup([a, b, c, empty], '/repo/kb');
    assert.deepEqual(total, { done: 2, total: 5, overdue: 1, documents: 3 });
    assert.deepEqual(folders.get('/repo/kb/07'), { done: 2, total: 3, overdue: 1, documents: 2 });
    assert.deepEqual(folders.get('/repo/kb/07/sub'), { done: 1, total: 1, overdue: 0, documents: 1 });
    assert.deepEqual(folders.get('/repo/kb'), total);
    assert.equal(folders.get('/repo'), undefined, 'folders stop at the root');
    assert.equal(folders.get('/repo/kb/09'), undefined);
  });

  it('shows progress as done/total · percent, rounded down', () => {
    assert.equal(formatProgress({ done: 12, total: 30 }), '12/30 · 40%');
    assert.equal(percent({ done: 199, total: 200 }), 99);
    assert.equal(percent({ done: 0, total: 0 }), 0);
  });
});
