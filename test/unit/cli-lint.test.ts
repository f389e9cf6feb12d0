// `baton lint` end to end on real temporary folders: formats, exit codes, --fix, languages,
// config problems and bad input. The last group runs the built bundle as a real process.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { article, removeDir, runBuiltCli, runCli, tempDir, CLI_BUNDLE } from './helpers/temp-kb';

describe('baton lint', () => {
  let dir: string;
  afterEach(() => dir && removeDir(dir));

  it('exits 0 on a clean KB and prints nothing in stylish', async () => {
    dir = tempDir({ 'kb/a.md': article('KB-0001', '一', '见 [二](b.md)。'), 'kb/b.md': article('KB-0002', '二') });
    const r = await runCli(dir, ['lint']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
  });

  it('prints json with 1-based positions and cwd-relative paths, and exits 1 on errors', async () => {
    dir = tempDir({ 'kb/运维/a.md': article('KB-0001', '一').replace('status: published', 'status: finished') });
    const r = await runCli(join(dir, 'kb'), ['lint', '--format', 'json']);
    assert.equal(r.code, 1);
    const findings = JSON.parse(r.stdout);
    assert.deepEqual(findings.map((f: { file: string; line: number; column: number; ruleId: string; severity: string }) => [f.file, f.line, f.column, f.ruleId, f.severity]), [['运维/a.md', 6, 9, 'schema', 'error']]);
    assert.match(findings[0].message, /draft, published, archived/);
    for (const key of ['file', 'line', 'column', 'endLine', 'endColumn', 'ruleId', 'severity', 'message']) assert.ok(key in findings[0], key);
  });

  it('prints SARIF 2.1.0 with rules and results', async () => {
    dir = tempDir({ 'kb/a.md': article('KB-01', '一') });
    const r = await runCli(dir, ['lint', '--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'baton');
    const result = run.results[0];
    assert.equal(result.ruleId, 'id-format');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'id-format');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'kb/a.md');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 2);
  });

  it('prints GitHub workflow commands with escaped properties', async () => {
    dir = tempDir({ 'kb/故障 处理,v1.md': article('KB-0001', '一', '见 [x](missing.md)。') });
    const r = await runCli(dir, ['lint', '--format', 'github']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^::error file=kb\/故障 处理%2Cv1\.md,line=11,col=3,endLine=11,endColumn=18,title=baton\(broken-link\)::Broken link: "missing\.md" does not exist\n$/);
  });

  it('speaks Simplified Chinese with --lang zh-CN or a Chinese LANG', async () => {
    dir = tempDir({ 'kb/a.md': article('KB-0001', '一').replace('## 概述', '## 其他') });
    const flag = await runCli(dir, ['lint', '--lang', 'zh-CN']);
    assert.match(flag.stdout, /缺少必需章节"概述"（Overview）/);
    const env = await runCli(dir, ['lint'], { LANG: 'zh_CN.UTF-8' });
    assert.match(env.stdout, /缺少必需章节/);
    const en = await runCli(dir, ['lint', '--lang', 'en']);
    assert.match(en.stdout, /Missing required section "概述" \(Overview\)/);
  });

  it('applies fixes with --fix and reports what is left', async () => {
    dir = tempDir({
      'kb/a.md': article('KB-0001', '一', '见 [SLA](sla-guide.md)。').replace('## 概述\n\n', '## 细节\n\n'),
      'kb/sla-guid.md': article('KB-0002', 'SLA'),
    });
    const r = await runCli(dir, ['lint', '--fix', '--format', 'json']);
    const text = readFileSync(join(dir, 'kb/a.md'), 'utf8');
    assert.match(text, /\[SLA\]\(sla-guid\.md\)/);
    assert.match(text, /## 概述\n\n## 细节/);
    assert.match(r.stderr, /Applied 2 fixes/);
    const left = JSON.parse(r.stdout).map((f: { ruleId: string }) => f.ruleId);
    assert.deepEqual(left, ['empty-section'], 'the added section is empty until someone fills it');
  });

  it('fails on warnings over --max-warnings', async () => {
    dir = tempDir({ 'kb/a.md': article('KB-0001', '一', 'TODO') });
    assert.equal((await runCli(dir, ['lint'])).code, 0);
    assert.equal((await runCli(dir, ['lint', '--max-warnings', '0'])).code, 1);
    assert.equal((await runCli(dir, ['lint', '--max-warnings', 'x'])).code, 2);
  });

  it('uses the defaults without a config, and the configured roots and severities with one', async () => {
    dir = tempDir({ 'kb/a.md': article('KB-0001', '一', 'TODO'), 'docs/b.md': article('KB-0002', '二', 'TODO') });
    const noConfig = JSON.parse((await runCli(dir, ['lint', '--format', 'json'])).stdout);
    assert.deepEqual(noConfig.map((f: { file: string }) => f.file), ['kb/a.md']);
    dir && removeDir(dir);
    dir = tempDir({
      'docs/b.md': article('KB-0002', '二', 'TODO'),
      'baton.config.json': JSON.stringify({ roots: ['docs'], rules: { 'empty-section': 'error' } }),
    });
    const r = await runCli(dir, ['lint', '--format', 'json']);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout).map((f: { file: string; severity: string }) => [f.file, f.severity]), [['docs/b.md', 'error']]);
  });

  it('exits 2 with file, line and column on an invalid config', async () => {
    dir = tempDir({ 'kb/a.md': article('KB-0001', '一'), 'baton.config.json': '{\n  "roots": ["kb"],\n  "rules": { "schema": "loud" }\n}\n' });
    const r = await runCli(dir, ['lint']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^baton\.config\.json:3:14: error: Invalid config at "\/rules\/schema"/);
    dir && removeDir(dir);
    dir = tempDir({ 'baton.config.json': '{ "roots": ["kb"], }' });
    const broken = await runCli(dir, ['lint']);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /^baton\.config\.json:1:\d+: error: Invalid JSON/);
  });

  it('exits 2 on usage errors without a stack trace', async () => {
    dir = tempDir({ 'kb/a.md': article('KB-0001', '一') });
    for (const argv of [['lint', '--nope'], ['lint', '--format', 'xml'], ['frobnicate'], ['lint', 'missing.md'], ['lint', '--lang', 'fr']]) {
      const r = await runCli(dir, argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.ok(r.stderr.length > 0);
    }
  });

  it('names an unknown option or a missing value plainly, and where the options are listed', async () => {
    dir = tempDir({ 'kb/a.md': article('KB-0001', '一') });
    const unknown = await runCli(dir, ['lint', '--nope']);
    assert.equal(unknown.stderr, 'baton lint: Unknown option --nope; --help lists the options\n');
    const missing = await runCli(dir, ['lint', '--format']);
    assert.equal(missing.stderr, 'baton lint: Option --format takes a value\n');
    const extra = await runCli(dir, ['lint', '--fix=yes']);
    assert.equal(extra.stderr, 'baton lint: Option --fix takes no value\n');
    const zh = await runCli(dir, ['lint', '--lang', 'zh-CN', '--nope']);
    assert.equal(zh.stderr, 'baton lint: 未知选项 --nope；--help 列出所有选项\n');
  });

  it('lints a Markdown file outside the KB roots when named', async () => {
    dir = tempDir({ 'kb/a.md': article('KB-0001', '一'), 'notes/x.md': article('KB-9', 'x') });
    const r = await runCli(dir, ['lint', 'notes/x.md', '--format', 'json']);
    assert.deepEqual(JSON.parse(r.stdout).map((f: { file: string; ruleId: string }) => [f.file, f.ruleId]), [['notes/x.md', 'id-format']]);
  });

  describe('bad input, through the built bundle', function () {
    this.timeout(120_000);
    before(function () {
      if (!existsSync(CLI_BUNDLE)) throw new Error('dist/cli.js is missing: run npm run build first');
    });

    it('turns a binary file, a 5 MB file, deep nesting and broken YAML into findings and checks the rest', () => {
      // 50,000 nested block quotes with CRLF line ends and indented code: beyond the fast
      // parser, so remark takes it, and micromark needs about a minute for it.
      const deep = `${article('KB-0003', '深嵌套')}\n${'>'.repeat(50_000)} 深\n\n    缩进代码\n`.replace(/\n/g, '\r\n');
      dir = tempDir({
        'kb/ok.md': article('KB-0001', '正常', '见 [缺失](missing.md)。'),
        'kb/binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
        'kb/huge.md': article('KB-0002', '超大', 'x'.repeat(5 * 1024 * 1024)),
        'kb/deep.md': deep,
        'kb/yaml.md': '---\nid: KB-0004\ntitle: [坏\n---\n\n## 概述\n\n正文\n',
        'baton.config.json': JSON.stringify({ parseTimeoutMs: 1500 }),
      });
      const started = Date.now();
      const r = runBuiltCli(dir, ['lint', '--format', 'json']);
      assert.equal(r.code, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      const byFile = new Map<string, string[]>();
      for (const f of JSON.parse(r.stdout) as Array<{ file: string; ruleId: string; message: string }>) byFile.set(f.file, [...(byFile.get(f.file) ?? []), `${f.ruleId}: ${f.message}`]);
      assert.match(byFile.get('kb/binary.md')!.join(), /document-limits: File looks binary/);
      assert.match(byFile.get('kb/huge.md')!.join(), /document-limits: File is \d+ KB, over the 2048 KB limit/);
      // Which bound stops it first (the time limit or the stack) depends on the machine's load;
      // either way it is one finding, and the run goes on.
      assert.match(byFile.get('kb/deep.md')!.join(), /document-limits: (?:Parsing took longer than 1500 ms|Markdown could not be parsed: Maximum call stack size exceeded)/);
      assert.equal(byFile.get('kb/deep.md')!.length, 1);
      assert.match(byFile.get('kb/yaml.md')!.join(), /frontmatter: Invalid YAML/);
      assert.match(byFile.get('kb/ok.md')!.join(), /broken-link/, 'the other documents are still checked');
      assert.ok(Date.now() - started < 60_000);
    });

    it('prints usage errors without a stack trace', () => {
      dir = tempDir({});
      const r = runBuiltCli(dir, ['lint', '--format']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^baton lint: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
  });
});
