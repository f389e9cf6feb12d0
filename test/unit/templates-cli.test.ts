// `baton new` and `baton templates` on real temporary folders, the built CLI scaffolding
// every template of the repository into a copy of the KB that then passes `baton lint`,
// and two branches scaffolding the same id, caught on merge and renumbered by the fix.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TempRepo } from './helpers/git-repo';
import { CLI_BUNDLE, removeDir, runBuiltCli, runCli, tempDir } from './helpers/temp-kb';

const REPO = join(__dirname, '..', '..');
const TEMPLATES_DIR = join(REPO, 'kb', '_templates');

function templateFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(TEMPLATES_DIR)) files[`kb/_templates/${name}`] = readFileSync(join(TEMPLATES_DIR, name), 'utf8');
  return files;
}

const doc = (id: string, type: string, extra = '') => `---\nid: ${id}\ntitle: 文档 ${id}\ntype: ${type}\nowner: zhangsan\nstatus: draft\n${extra}---\n\n# 文档 ${id}\n`;

function noStack(text: string): void {
  assert.ok(!/\n\s+at .+:\d+:\d+/.test(text), `stack trace in output:\n${text}`);
}

describe('baton templates', () => {
  let dir: string;
  afterEach(() => dir && removeDir(dir));

  it('lists every template as JSON in the documented shape', async () => {
    dir = tempDir(templateFiles());
    const r = await runCli(dir, ['templates', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    const names = readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => f.replace(/\.md$/, ''));
    assert.deepEqual(list.map((t) => t.name).sort(), names.sort());
    for (const t of list) {
      assert.deepEqual(Object.keys(t), ['name', 'type', 'description', 'prompts']);
      for (const p of t.prompts as Array<Record<string, unknown>>) assert.deepEqual(Object.keys(p), ['name', 'kind', 'choices']);
    }
    const incident = list.find((t) => t.name === 'case-incident')!;
    assert.equal(incident.type, 'case');
    assert.deepEqual(incident.prompts, [
      { name: 'severity', kind: 'pick', choices: ['P0', 'P1', 'P2', 'P3'] },
      { name: 'occurred_at', kind: 'datetime', choices: [] },
      { name: 'related', kind: 'ids', choices: [] },
    ]);
  });

  it('prints a table, and reports a broken template by file and line with exit 1', async () => {
    dir = tempDir({
      ...templateFiles(),
      'kb/_templates/broken.md': '---\ntemplate:\n  type: article\n---\n\n# {{title}}\n\n{{ownr}}\n',
    });
    const r = await runCli(dir, ['templates']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^NAME\s+TYPE\s+LABEL\s+PROMPTS\n/);
    assert.match(r.stdout, /\ncase-incident\s+case\s+故障案例\s+severity=P0\|P1\|P2\|P3 occurred_at:datetime related:ids\n/);
    assert.ok(!r.stdout.includes('broken'));
    assert.match(r.stderr, /^kb\/_templates\/broken\.md:8:1: error: Unknown variable "ownr" in template "broken"/m);
  });

  it('says so when there are no templates', async () => {
    dir = tempDir({ 'kb/a.md': doc('KB-0001', 'article') });
    const r = await runCli(dir, ['templates']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'No templates in kb/_templates\n');
  });
});

describe('baton new', () => {
  let dir: string;
  afterEach(() => dir && removeDir(dir));

  it('creates the document, prints its path, and takes the next id the second time', async () => {
    dir = tempDir({ ...templateFiles(), 'kb/06-案例库/a.md': doc('CASE-2026-004', 'case', 'category: incident\nseverity: P2\noccurred_at: "2026-01-01T00:00:00+08:00"\n') });
    const year = new Date().getFullYear();
    const r = await runCli(dir, ['new', 'case-incident', '--title', 'Kafka 磁盘写满', '--set', 'severity=P1', '--set', 'related=CASE-2026-004']);
    assert.equal(r.code, 0, r.stderr);
    const expectedId = year === 2026 ? 'CASE-2026-005' : `CASE-${year}-001`;
    assert.equal(r.stdout, `kb/06-案例库/${expectedId}-Kafka-磁盘写满.md\n`);
    const text = readFileSync(join(dir, r.stdout.trim()), 'utf8');
    assert.match(text, new RegExp(`^id: ${expectedId}$`, 'm'));
    assert.match(text, /^severity: P1$/m);
    assert.match(text, /^related:\n {2}- CASE-2026-004$/m);
    assert.ok(!text.includes('template:'));

    const again = await runCli(dir, ['new', 'case-incident', '--title', 'Kafka 磁盘写满', '--set', 'severity=P1']);
    assert.equal(again.code, 0, again.stderr);
    assert.notEqual(again.stdout, r.stdout);
    assert.match(readFileSync(join(dir, again.stdout.trim()), 'utf8'), new RegExp(`^id: CASE-${year}-00${year === 2026 ? 6 : 2}$`, 'm'));
  });

  it('--dry-run prints the path and the document and creates nothing', async () => {
    dir = tempDir(templateFiles());
    const r = await runCli(dir, ['new', 'checklist', '--title', '上线检查', '--set', 'phase=go-live', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    const [path, blank, ...rest] = r.stdout.split('\n');
    assert.equal(path, 'kb/07-检查清单/上线检查.md');
    assert.equal(blank, '');
    assert.match(rest.join('\n'), /^---\nid: CL-0001\n/);
    assert.ok(!existsSync(join(dir, path)));
  });

  it('--dir puts it in a folder inside the KB, and refuses one outside', async () => {
    dir = tempDir(templateFiles());
    const inside = await runCli(join(dir, 'kb'), ['new', 'article', '--title', '部署', '--set', 'area=operations', '--dir', '02-运维指南/子目录']);
    assert.equal(inside.code, 0, inside.stderr);
    assert.equal(inside.stdout, '02-运维指南/子目录/部署.md\n');
    const outside = await runCli(dir, ['new', 'article', '--title', '部署', '--set', 'area=operations', '--dir', '../elsewhere']);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /^baton new: .*elsewhere is outside the knowledge base \(kb\); documents are created inside it\n$/);
    noStack(outside.stderr);
  });

  it('never overwrites: an existing target gets -2', async () => {
    dir = tempDir({ ...templateFiles(), 'kb/02-运维指南/部署.md': 'mine\n' });
    const r = await runCli(dir, ['new', 'article', '--title', '部署', '--set', 'area=operations']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'kb/02-运维指南/部署-2.md\n');
    assert.equal(readFileSync(join(dir, 'kb/02-运维指南/部署.md'), 'utf8'), 'mine\n');
  });

  it('explains usage errors with exit 2 and no stack trace', async () => {
    dir = tempDir(templateFiles());
    const cases: Array<[string[], RegExp]> = [
      [['new'], /Which template\? One of: case-incident, /],
      [['new', 'nope', '--title', 'x'], /No template "nope" in kb\/_templates; available: case-incident/],
      [['new', 'case-incident'], /--title is required/],
      [['new', 'case-incident', '--title', 'x'], /"支持级别" \(severity\) needs a value: one of P0, P1, P2, P3/],
      [['new', 'case-incident', '--title', 'x', '--set', 'severity=P9'], /"P9" is not a choice for "支持级别"; expected one of P0, P1, P2, P3/],
      [['new', 'case-incident', '--title', 'x', '--set', 'severity'], /--set takes name=value, not "severity"/],
      [['new', 'case-incident', '--title', 'x', '--set', 'severity=P1', '--set', 'owner=me'], /Template "case-incident" has no prompt "owner"/],
      [['new', 'case-incident', '--title', 'x', '--set', 'severity=P1', '--set', 'related=KB-9999'], /No document has the id "KB-9999"/],
      [['new', 'case-incident', '--title', 'x', '--set', 'severity=P1', '--set', 'occurred_at=yesterday'], /"yesterday" is not a date and time like/],
      [['new', 'case-incident', '--title', 'x', '--bogus'], /Unknown option --bogus; --help lists the options/],
    ];
    for (const [argv, expected] of cases) {
      const r = await runCli(dir, argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, expected, argv.join(' '));
      noStack(r.stderr);
    }
    assert.deepEqual(readdirSync(join(dir, 'kb')), ['_templates']);
  });

  it('names the template file and line of an unknown variable', async () => {
    dir = tempDir({ 'kb/_templates/note.md': '---\ntemplate:\n  type: article\n---\n\n# {{title}}\n\n## 概述\n\n{{summary}}\n' });
    const r = await runCli(dir, ['new', 'note', '--title', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^kb\/_templates\/note\.md:10:1: error: Unknown variable "summary" in template "note"; known: title, slug, date, datetime, id, author\n$/);
  });

  it('speaks Chinese with --lang zh-CN', async () => {
    dir = tempDir(templateFiles());
    const r = await runCli(dir, ['new', 'case-incident', '--title', 'x', '--lang', 'zh-CN']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"支持级别"（severity）需要填写，可选值：P0, P1, P2, P3/);
  });
});

describe('every template passes baton lint (built CLI)', () => {
  let dir: string;
  after(() => dir && removeDir(dir));

  it('scaffolds each template of kb/_templates into a copy of the KB with no lint errors', function () {
    if (!existsSync(CLI_BUNDLE)) throw new Error('dist/cli.js is missing: run npm run build first');
    this.timeout(120_000);
    dir = tempDir();
    cpSync(join(REPO, 'kb'), join(dir, 'kb'), { recursive: true });
    if (existsSync(join(REPO, 'baton.config.json'))) cpSync(join(REPO, 'baton.config.json'), join(dir, 'baton.config.json'));
    const listed = runBuiltCli(dir, ['templates', '--format', 'json']);
    assert.equal(listed.code, 0, listed.stderr);
    const templates = JSON.parse(listed.stdout) as Array<{ name: string; prompts: Array<{ name: string; kind: string; choices: string[] }> }>;
    assert.ok(templates.length >= 8);
    const created: string[] = [];
    for (const t of templates) {
      const args = ['new', t.name, '--title', `${t.name} 模板测试：标题带 "引号" 与冒号`];
      for (const p of t.prompts) {
        if (p.kind === 'pick') args.push('--set', `${p.name}=${p.choices[p.choices.length - 1]}`);
        else if (p.kind === 'text') args.push('--set', `${p.name}=测试：${p.name}`);
        else if (p.kind === 'ids') args.push('--set', `${p.name}=KB-0101`);
      }
      const r = runBuiltCli(dir, args);
      assert.equal(r.code, 0, `${args.join(' ')}\n${r.stderr}`);
      created.push(r.stdout.trim());
    }
    const lint = runBuiltCli(dir, ['lint', '--format', 'json', ...created]);
    const findings = JSON.parse(lint.stdout) as Array<{ file: string; line: number; ruleId: string; severity: string; message: string }>;
    const errors = findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors, [], `lint errors in scaffolded documents:\n${errors.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`).join('\n')}`);
    assert.equal(lint.code === 1, false, lint.stderr);
    // Placeholders are flagged, as information only.
    assert.ok(findings.some((f) => f.ruleId === 'empty-section' && f.severity === 'info'));
    for (const file of created) assert.ok(findings.every((f) => f.file !== file || f.severity !== 'warning' || f.ruleId !== 'empty-section'));
  });
});

describe('the same id scaffolded on two branches', () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.remove());

  it('is caught after the merge, and the fix renumbers one to the next free id', async () => {
    repo = new TempRepo();
    const year = new Date().getFullYear();
    const base = `CASE-${year}-001`;
    repo.write({
      ...templateFiles(),
      'kb/06-案例库/base.md':
        doc(base, 'case', `category: incident\nseverity: P2\noccurred_at: "${year}-01-01T00:00:00+08:00"\n`) +
        ['问题描述', '问题分析', '解决方案', '效果评估', '最佳实践'].map((s) => `\n## ${s}\n\n已填写。\n`).join(''),
    });
    repo.commit('base', `${year}-01-02T00:00:00+08:00`);
    const next = `CASE-${year}-002`;

    repo.git('checkout', '-q', '-b', 'a');
    const a = await runCli(repo.dir, ['new', 'case-incident', '--title', '甲分支故障', '--set', 'severity=P1']);
    assert.equal(a.code, 0, a.stderr);
    repo.commit('a', `${year}-01-03T00:00:00+08:00`);

    repo.git('checkout', '-q', 'main');
    repo.git('checkout', '-q', '-b', 'b');
    const b = await runCli(repo.dir, ['new', 'case-incident', '--title', '乙分支故障', '--set', 'severity=P2']);
    assert.equal(b.code, 0, b.stderr);
    repo.commit('b', `${year}-01-03T01:00:00+08:00`);

    repo.git('checkout', '-q', 'a');
    repo.gitAt(`${year}-01-04T00:00:00+08:00`, 'merge', '-q', '--no-edit', 'b');
    const files = [a.stdout.trim(), b.stdout.trim()];
    for (const f of files) assert.match(readFileSync(join(repo.dir, f), 'utf8'), new RegExp(`^id: ${next}$`, 'm'));

    const caught = await runCli(repo.dir, ['lint', '--format', 'json', ...files]);
    assert.equal(caught.code, 1);
    const dupes = (JSON.parse(caught.stdout) as Array<{ file: string; ruleId: string; severity: string }>).filter((f) => f.ruleId === 'unique-id');
    assert.deepEqual(dupes.map((f) => [f.file, f.severity]).sort(), files.map((f) => [f, 'error']).sort());

    const fixed = await runCli(repo.dir, ['lint', '--fix', '--format', 'json', ...files]);
    const remaining = (JSON.parse(fixed.stdout) as Array<{ ruleId: string; severity: string }>).filter((f) => f.severity === 'error');
    assert.deepEqual(remaining, []);
    const ids = files.map((f) => /^id: (.+)$/m.exec(readFileSync(join(repo!.dir, f), 'utf8'))![1]).sort();
    assert.deepEqual(ids, [next, `CASE-${year}-003`]);
  });
});

