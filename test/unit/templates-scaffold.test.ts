// Scaffolding in the core, on an in-memory host: the starter templates load, ids are the
// next free ones (gaps and years), answers are checked, the target stays in the KB, an
// existing file is never replaced, and the cursor lands in the first section to fill.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../extension/core/engine';
import type { Host } from '../../extension/core/host';
import {
  checkAnswer,
  firstPlaceToFill,
  loadTemplates,
  openSession,
  planScaffold,
  resolveAuthor,
  scaffold,
  ScaffoldError,
  writeScaffold,
  type Template,
} from '../../extension/core/templates';
import { memoryHost, type MemoryFileSystem } from './helpers/memory-host';

const REPO = join(__dirname, '..', '..');
const TEMPLATES_DIR = join(REPO, 'kb', '_templates');

/** The repository's own templates, as in-memory files under /repo/kb/_templates. */
function starterTemplates(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(TEMPLATES_DIR)) files[`/repo/kb/_templates/${name}`] = readFileSync(join(TEMPLATES_DIR, name), 'utf8');
  return files;
}

const doc = (id: string, type: string, extra = '') => `---\nid: ${id}\ntitle: ${id}\ntype: ${type}\nowner: zhangsan\nstatus: draft\n${extra}---\n\n# ${id}\n`;

async function open(files: Record<string, string>, now = new Date(2026, 10, 23, 10, 0, 0), host?: Host & { fs: MemoryFileSystem }) {
  const h = host ?? memoryHost({ ...starterTemplates(), ...files }, now);
  const engine = await Engine.open(h, '/repo');
  const { templates, problems } = await loadTemplates(engine);
  assert.deepEqual(problems, []);
  const byName = (name: string): Template => {
    const t = templates.find((x) => x.name === name);
    assert.ok(t, `template ${name}`);
    return t;
  };
  return { host: h, engine, templates, byName, session: await openSession(engine) };
}

function rejects(fn: () => unknown, text: RegExp): void {
  assert.throws(fn, (error: unknown) => error instanceof ScaffoldError && text.test(error.problem.text));
}

describe('starter templates', () => {
  it('has one per type and one per case category, all in Chinese', async () => {
    const { templates } = await open({});
    const byType = new Map<string, string[]>();
    for (const t of templates) byType.set(t.type, [...(byType.get(t.type) ?? []), t.name]);
    for (const type of ['article', 'case', 'checklist', 'handover', 'change']) assert.ok(byType.has(type), type);
    const categories = templates.filter((t) => t.type === 'case').map((t) => /^category: (\w+)$/m.exec(t.text)?.[1]);
    assert.deepEqual(categories.sort(), ['development', 'incident', 'optimization', 'security']);
    for (const t of templates) assert.match(t.label + t.description, /[\u4e00-\u9fff]/u, t.name);
  });

  it('the README is not taken for a template', async () => {
    const { templates } = await open({});
    assert.ok(!templates.some((t) => /readme/i.test(t.file)));
  });
});

describe('ids', () => {
  it('takes the next id after the highest, never filling a gap', async () => {
    const { session, byName } = await open({
      '/repo/kb/06-案例库/a.md': doc('CASE-2026-001', 'case'),
      '/repo/kb/06-案例库/b.md': doc('CASE-2026-002', 'case'),
      '/repo/kb/06-案例库/c.md': doc('CASE-2026-005', 'case'),
      '/repo/kb/06-案例库/old.md': doc('CASE-2025-019', 'case'),
    });
    const plan = planScaffold(session, { template: byName('case-incident'), title: '新故障', answers: { severity: 'P1' } });
    assert.equal(plan.id, 'CASE-2026-006');
    assert.equal(plan.name, 'CASE-2026-006-新故障.md');
    assert.match(plan.text, /^id: CASE-2026-006$/m);
  });

  it('starts again at 001 in a new year', async () => {
    const { session, byName } = await open({ '/repo/kb/06-案例库/a.md': doc('CASE-2026-031', 'case') }, new Date(2027, 0, 1, 9, 0, 0));
    assert.equal(planScaffold(session, { template: byName('case-security'), title: 'x', answers: { severity: 'P2' } }).id, 'CASE-2027-001');
  });

  it('counts ids without a year across years', async () => {
    const { session, byName } = await open({ '/repo/kb/a.md': doc('KB-0504', 'article'), '/repo/kb/b.md': doc('KB-0101', 'article') }, new Date(2027, 5, 1));
    assert.equal(planScaffold(session, { template: byName('article'), title: '新文章', answers: { area: 'operations' } }).id, 'KB-0505');
  });

  it('gives two scaffolds in a row two ids', async () => {
    const { session, byName, host } = await open({ '/repo/kb/06-案例库/a.md': doc('CASE-2026-001', 'case') });
    const first = await scaffold(session, { template: byName('case-incident'), title: '一', answers: { severity: 'P1' } });
    const second = await scaffold(session, { template: byName('case-incident'), title: '二', answers: { severity: 'P1' } });
    assert.deepEqual([first.id, second.id], ['CASE-2026-002', 'CASE-2026-003']);
    assert.match(host.fs.text(second.path), /^id: CASE-2026-003$/m);
  });
});

describe('answers', () => {
  it('checks picks, dates, times and ids, and normalises what it can', async () => {
    const { session, byName } = await open({ '/repo/kb/a.md': doc('KB-0001', 'article'), '/repo/kb/c.md': doc('CHG-2026-001', 'change') });
    const severity = byName('case-incident').prompts.find((p) => p.name === 'severity')!;
    assert.deepEqual(checkAnswer(session, severity, 'p1'), { value: 'P1' });
    const p5 = checkAnswer(session, severity, 'P5');
    assert.ok('problem' in p5 && p5.problem.args?.[2] === 'P0, P1, P2, P3', JSON.stringify(p5));

    const date = byName('handover').prompts.find((p) => p.kind === 'date')!;
    assert.deepEqual(checkAnswer(session, date, '2026-12-01'), { value: '2026-12-01' });
    assert.ok('problem' in checkAnswer(session, date, '2026-02-30'));
    assert.ok('problem' in checkAnswer(session, date, '12/01/2026'));

    const time = byName('case-incident').prompts.find((p) => p.kind === 'datetime')!;
    assert.deepEqual(checkAnswer(session, time, '2026-03-14T09:20:00+08:00'), { value: '2026-03-14T09:20:00+08:00' });
    assert.deepEqual(checkAnswer(session, time, '2026-03-14T01:20Z'), { value: '2026-03-14T01:20:00+00:00' });
    const local = checkAnswer(session, time, '2026-03-14 09:20');
    assert.ok('value' in local && /^2026-03-14T09:20:00[+-]\d{2}:\d{2}$/.test(String(local.value)), JSON.stringify(local));
    assert.ok('problem' in checkAnswer(session, time, '2026-03-14T25:00:00+08:00'));

    const related = byName('case-incident').prompts.find((p) => p.kind === 'ids')!;
    assert.deepEqual(checkAnswer(session, related, 'KB-0001, CHG-2026-001'), { value: ['KB-0001', 'CHG-2026-001'] });
    assert.deepEqual(checkAnswer(session, related, undefined), { value: [] });
    const unknown = checkAnswer(session, related, ['KB-9999']);
    assert.ok('problem' in unknown && unknown.problem.args?.[0] === 'KB-9999');
  });

  it('refuses a missing required answer and a prompt the template does not have', async () => {
    const { session, byName } = await open({});
    rejects(() => planScaffold(session, { template: byName('case-incident'), title: 'x' }), /needs a value: one of/);
    rejects(() => planScaffold(session, { template: byName('case-incident'), title: 'x', answers: { severity: 'P1', priority: 'high' } }), /has no prompt/);
    rejects(() => planScaffold(session, { template: byName('case-incident'), title: '   ', answers: { severity: 'P1' } }), /title is empty/);
  });
});

describe('where the document goes', () => {
  it('uses the template folder, a choice’s folder, or the folder given', async () => {
    const { session, byName } = await open({});
    assert.equal(planScaffold(session, { template: byName('change'), title: '扩容', answers: { change_type: 'normal', rollback: '缩容' } }).folder, '/repo/kb/09-变更记录');
    assert.equal(planScaffold(session, { template: byName('article'), title: '扩容', answers: { area: 'security' } }).folder, '/repo/kb/04-安全指南');
    assert.equal(planScaffold(session, { template: byName('article'), title: '扩容', answers: { area: 'security' }, folder: '/repo/kb/新目录' }).folder, '/repo/kb/新目录');
  });

  it('refuses a folder outside the KB, the templates folder and ignored folders', async () => {
    const { session, byName } = await open({});
    const t = byName('checklist');
    const answers = { phase: 'go-live' };
    rejects(() => planScaffold(session, { template: t, title: 'x', answers, folder: '/etc' }), /outside the knowledge base/);
    rejects(() => planScaffold(session, { template: t, title: 'x', answers, folder: '/repo/kb/../src' }), /outside the knowledge base/);
    rejects(() => planScaffold(session, { template: t, title: 'x', answers, folder: '/repo/kb/_templates' }), /ignored by Baton/);
  });

  it('keeps a typed value from steering the folder out of the KB', async () => {
    const custom = `---\ntemplate:\n  type: article\n  folder: "{{team}}/文档"\n  prompts:\n    - name: team\n---\n\n# {{title}}\n\n## 概述\n\n待补充。\n`;
    const { session, byName } = await open({ '/repo/kb/_templates/team-article.md': custom });
    const plan = planScaffold(session, { template: byName('team-article'), title: 'x', answers: { team: '../../../etc' } });
    assert.ok(plan.folder.startsWith('/repo/kb/'), plan.folder);
    assert.equal(plan.folder, '/repo/kb/etc/文档');
    const empty = planScaffold(session, { template: byName('team-article'), title: 'x', answers: { team: '/' } });
    assert.equal(empty.folder, '/repo/kb/文档');
  });

  it('never replaces an existing file: -2, then -3', async () => {
    const existing = doc('KB-0001', 'article');
    const { session, byName, host } = await open({ '/repo/kb/02-运维指南/部署.md': existing, '/repo/kb/02-运维指南/部署-2.md': existing });
    const made = await scaffold(session, { template: byName('article'), title: '部署', answers: { area: 'operations' } });
    assert.equal(made.path, '/repo/kb/02-运维指南/部署-3.md');
    assert.equal(host.fs.text('/repo/kb/02-运维指南/部署.md'), existing);
    assert.equal(host.fs.text('/repo/kb/02-运维指南/部署-2.md'), existing);
    assert.match(host.fs.text(made.path), /^title: 部署$/m);
  });

  it('creates exclusively, so a file that appears between check and write is kept', async () => {
    const base = memoryHost(starterTemplates(), new Date(2026, 10, 23));
    const race = { ...base, fs: Object.assign(Object.create(Object.getPrototypeOf(base.fs)), base.fs) as MemoryFileSystem };
    let raced = false;
    race.fs.createFile = async (path: string, data: string) => {
      // Someone else writes the same name just before us.
      if (!raced && path.endsWith('/部署.md')) {
        raced = true;
        base.fs.put(path, 'theirs');
        return false;
      }
      return base.fs.createFile(path, data);
    };
    const { session, byName } = await open({}, undefined, race);
    const plan = planScaffold(session, { template: byName('article'), title: '部署', answers: { area: 'operations' } });
    const path = await writeScaffold(session, plan);
    assert.equal(path, '/repo/kb/02-运维指南/部署-2.md');
    assert.equal(base.fs.text('/repo/kb/02-运维指南/部署.md'), 'theirs');
  });
});

describe('author and cursor', () => {
  it('takes the author from git, else the OS user', async () => {
    const base = memoryHost({});
    const git = (name: string | Error) => ({ run: async () => (name instanceof Error ? Promise.reject(name) : `${name}\n`), stream: async () => {}, pipe: () => ({ write() {}, end: async () => {} }) });
    assert.equal(await resolveAuthor({ ...base, git: git('张三'), user: 'zhangsan' }), '张三');
    assert.equal(await resolveAuthor({ ...base, git: git(new Error('exit 1')), user: 'zhangsan' }), 'zhangsan');
    assert.equal(await resolveAuthor({ ...base, git: git(''), user: 'lisi' }), 'lisi');
    assert.equal(await resolveAuthor({ ...base }), 'unknown');
    const { byName } = await open({});
    const engine = await Engine.open({ ...memoryHost(starterTemplates()), git: git('王五'), user: 'wangwu' }, '/repo');
    const plan = planScaffold(await openSession(engine), { template: byName('case-incident'), title: 'x', answers: { severity: 'P0' } });
    assert.match(plan.text, /^owner: 王五$/m);
  });

  it('puts the cursor on the placeholder of the first section to fill', async () => {
    const { session, byName } = await open({});
    const plan = planScaffold(session, { template: byName('case-incident'), title: '故障', answers: { severity: 'P0' } });
    const lines = plan.text.split('\n');
    const problemHeading = lines.indexOf('## 问题描述');
    assert.ok(plan.cursor.line > problemHeading + 1 && plan.cursor.line < lines.indexOf('## 问题分析') + 1, JSON.stringify(plan.cursor));
    assert.equal(lines[plan.cursor.line - 1].slice(plan.cursor.column - 1, plan.cursor.endColumn - 1), '待补充。');

    assert.deepEqual(firstPlaceToFill('---\nid: x\n---\n\n# 标题\n\n## 已写\n\n内容。\n\n## 空章节\n\n## 下一节\n\n内容\n'), { line: 12, column: 1, endLine: 12, endColumn: 1 });
  });
});
