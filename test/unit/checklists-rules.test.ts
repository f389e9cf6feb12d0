// The checklist rules beyond their fixtures: the fixes they offer really repair the document,
// the team list from config drives owner checks, and overdue follows the host's clock.
import { strict as assert } from 'node:assert';
import { Engine } from '../../extension/core/engine';
import { applyEdits, fixAllEdits } from '../../extension/core/fixes';
import { parseText } from '../../extension/core/parse-document';
import type { Finding } from '../../extension/core/types';
import { format } from '../../extension/core/message';
import { memoryHost } from './helpers/memory-host';
import { checklistSyntaxRule } from '../../extension/core/rules/checklist-syntax';
import { checklistMetadataRule } from '../../extension/core/rules/checklist-metadata';
import { checklistConsistencyRule } from '../../extension/core/rules/checklist-consistency';
import { LineIndex } from '../../extension/core/text';
import { TypeRegistry } from '../../extension/core/document-types';
import { DEFAULT_CONFIG } from '../../extension/core/config';

const PATH = '/repo/kb/清单.md';

async function lint(text: string, options: { config?: object; now?: Date } = {}): Promise<{ engine: Engine; findings: Finding[] }> {
  const files: Record<string, string> = { [PATH]: text };
  if (options.config) files['/repo/baton.config.json'] = JSON.stringify(options.config);
  const engine = await Engine.open(memoryHost(files, options.now), '/repo');
  await engine.scan();
  return { engine, findings: engine.findings(PATH) };
}

const only = (findings: Finding[], rule: string) => findings.filter((f) => f.ruleId === rule);
const text = (f: Finding) => format(f.message.text, f.message.args);

describe('checklist rules', () => {
  describe('checklist-consistency', () => {
    const doc = ['# 交接', '', '- [x] 值班安排', '  - [x] 值班表', '  - [ ] 联系方式', '    - [ ] 手机', '  - [ ] 升级路径', ''].join('\n');

    it('offers to check the open sub-items, which leaves the document consistent', async () => {
      const [finding] = only((await lint(doc)).findings, 'checklist-consistency');
      assert.ok(finding, 'the checked parent is reported');
      assert.equal(finding.range.line, 3);
      assert.deepEqual(finding.related?.map((r) => r.range.line), [5, 7]);
      const fix = finding.fixes!.find((f) => f.title.text.startsWith('Check'))!;
      const fixed = applyEdits(doc, fix.edits).text;
      assert.deepEqual(parseText(PATH, fixed).tasks.map((t) => t.checked), [true, true, true, true, true]);
      assert.deepEqual(only((await lint(fixed)).findings, 'checklist-consistency'), []);
    });

    it('offers to uncheck the item and any checked item above it', async () => {
      const nested = ['- [x] 总项', '  - [x] 分组', '    - [ ] 子项', ''].join('\n');
      const findings = only((await lint(nested)).findings, 'checklist-consistency');
      assert.deepEqual(findings.map((f) => f.range.line), [2], 'only the parent of the open item is inconsistent now');
      const fix = findings[0].fixes!.find((f) => f.title.text.startsWith('Uncheck'))!;
      const fixed = applyEdits(nested, fix.edits).text;
      assert.deepEqual(parseText(PATH, fixed).tasks.map((t) => t.checked), [false, false, false]);
      assert.deepEqual(only((await lint(fixed)).findings, 'checklist-consistency'), []);
    });

    it('is not fixed unasked, since either fix may be what the author meant', async () => {
      const findings = only((await lint(doc)).findings, 'checklist-consistency');
      assert.deepEqual(fixAllEdits(findings), []);
    });
  });

  describe('checklist-syntax', () => {
    it('turns every look-alike into a task with the preferred fix', async () => {
      const doc = ['- []  服务器', '-[x] 网络', '- [ ]镜像', '* 【 】 证书', '+ [√] 备份', '1. ［x］ 回滚', '> -[ ] 引用', ''].join('\n');
      assert.equal(parseText(PATH, doc).tasks.length, 0);
      const findings = only((await lint(doc)).findings, 'checklist-syntax');
      assert.equal(findings.length, 7);
      const fixed = applyEdits(doc, fixAllEdits(findings)).text;
      assert.deepEqual(
        parseText(PATH, fixed).tasks.map((t) => [t.text, t.checked]),
        [['服务器', false], ['网络', true], ['镜像', false], ['证书', false], ['备份', true], ['回滚', true], ['引用', false]],
      );
      assert.deepEqual(only((await lint(fixed)).findings, 'checklist-syntax'), []);
    });

    it('stays fast on long lines that almost look like tasks', async () => {
      const lines = [' \t'.repeat(20_000) + '[', `- [${' '.repeat(40_000)}x`, `${'> '.repeat(20_000)}-[`, `- [ ] ${'@a.'.repeat(20_000)} ${'📅'.repeat(10_000)}`];
      const source = lines.join('\n') + '\n';
      // Parsing and schema compiling are not these rules' time.
      const doc = parseText(PATH, source);
      const ctx = { doc, text: source, lines: new LineIndex(source), types: new TypeRegistry({}, {}), config: { ...DEFAULT_CONFIG, team: ['a'] } };
      const started = Date.now();
      const findings: string[] = [];
      for (const rule of [checklistSyntaxRule, checklistMetadataRule, checklistConsistencyRule]) rule.check(ctx, () => findings.push(rule.id));
      assert.ok(Date.now() - started < 1_000, `took ${Date.now() - started} ms`);
      assert.deepEqual(findings, ['checklist-metadata'], 'the one real task has a due marker that is not a date');
    });

    it('adds a blank line before a task line that continues a paragraph', async () => {
      const doc = ['说明', '2. [ ] 被并入段落', ''].join('\n');
      const [finding] = only((await lint(doc)).findings, 'checklist-syntax');
      const fixed = applyEdits(doc, finding.fixes![0].edits).text;
      assert.deepEqual(parseText(PATH, fixed).tasks.map((t) => t.text), ['被并入段落']);
    });
  });

  describe('checklist-metadata', () => {
    it('reports owners missing from the team list, with the closest name as a fix', async () => {
      const doc = ['- [ ] 部署 @zhangsn', '- [ ] 评审 @张叁', '- [ ] 演练 @李四', '- [ ] 通知 @王五负责', '- [ ] 陌生人 @nobody', ''].join('\n');
      const { findings } = await lint(doc, { config: { team: ['zhangsan', '张三', '李四', '王五'] } });
      const owners = only(findings, 'checklist-metadata');
      assert.deepEqual(
        owners.map((f) => [f.range.line, f.range.column, text(f)]),
        [
          [1, 10, 'Unknown owner "zhangsn": not in "team" in baton.config.json; did you mean "zhangsan"?'],
          [2, 10, 'Unknown owner "张叁": not in "team" in baton.config.json; did you mean "张三"?'],
          [5, 11, 'Unknown owner "nobody": not in "team" in baton.config.json'],
        ],
      );
      const fixed = applyEdits(doc, owners.flatMap((f) => f.fixes?.[0]?.edits ?? [])).text;
      assert.match(fixed, /部署 @zhangsan\n- \[ \] 评审 @张三\n/);
    });

    it('checks no owner when config lists no team', async () => {
      const { findings } = await lint('- [ ] 部署 @anyone\n');
      assert.deepEqual(only(findings, 'checklist-metadata'), []);
    });

    it('fixes a date written another way and points at the marker', async () => {
      const doc = '- [ ] 演练 📅 2026/11/9 @李四\n';
      const [finding] = only((await lint(doc)).findings, 'checklist-metadata');
      assert.equal(finding.range.column, 10);
      assert.equal(finding.range.endColumn, 10 + '📅 2026/11/9'.length);
      assert.equal(applyEdits(doc, fixAllEdits([finding])).text, '- [ ] 演练 📅 2026-11-09 @李四\n');
    });
  });

  describe('checklist-overdue', () => {
    const doc = ['---', 'id: CL-0009', 'title: 清单', 'type: checklist', 'phase: go-live', 'due: 2026-11-21', '---', '', '# 清单', '', '- [ ] 自己的日期 @李四 📅 2026-11-20', '- [ ] 继承清单日期', ''].join('\n');

    it('follows the clock the host passes in', async () => {
      const at = (iso: string) => lint(doc, { now: new Date(iso) }).then((r) => only(r.findings, 'checklist-overdue').map((f) => f.range.line));
      assert.deepEqual(await at('2026-11-20T12:00:00+08:00'), []);
      assert.deepEqual(await at('2026-11-21T12:00:00+08:00'), [11]);
      assert.deepEqual(await at('2026-11-22T12:00:00+08:00'), [6, 11]);
    });

    it('names the owner and the date', async () => {
      const findings = only((await lint(doc, { now: new Date('2026-11-23T10:00:00+08:00') })).findings, 'checklist-overdue');
      assert.deepEqual(findings.map(text), ['Checklist was due 2026-11-21; 1 open items have no date of their own and are overdue', 'Overdue since 2026-11-20 (owner 李四): 自己的日期']);
    });
  });
});
