// No output ever prints a secret whole: every CLI formatter over the must-flag corpus, in
// both languages; and `baton lint <file>` as a pre-commit hook runs it on any Markdown file.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../extension/core/engine';
import { FORMATTERS } from '../../extension/cli/formatters';
import { translator } from '../../extension/cli/l10n';
import { memoryHost } from './helpers/memory-host';
import { mustFlag } from './helpers/secrets-corpus';
import { article, removeDir, runCli, tempDir } from './helpers/temp-kb';

const samples = mustFlag();

/** Text that would give a secret away in an output: the secret, or for a short one its quoted form. */
function giveaways(secret: string): string[] {
  const lines = secret.split('\n');
  const out = secret.length >= 8 ? [secret] : [`"${secret}"`, `“${secret}”`, `(${secret})`];
  // For a private key block, any one line of its body is already too much.
  if (lines.length > 1) out.push(...lines.slice(1, -1).filter((l) => l.length >= 16));
  return out;
}

describe('no-secrets in every output', () => {
  let findings: Awaited<ReturnType<Engine['allFindings']>>;

  before(async () => {
    const files: Record<string, string> = {};
    samples.forEach((s, i) => (files[`/repo/kb/样例 ${i}.md`] = `---\nid: KB-${String(i + 1).padStart(4, '0')}\ntitle: 样例\ntype: article\nowner: sunba\nstatus: draft\n---\n\n## 概述\n\n${s.body}\n`));
    const engine = await Engine.open(memoryHost(files), '/repo');
    await engine.scan();
    findings = engine.allFindings().filter((f) => f.ruleId === 'no-secrets');
    assert.equal(findings.length, samples.length, 'one finding per sample');
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    for (const [name, formatter] of Object.entries(FORMATTERS)) {
      it(`${name} (${lang}) shows each secret masked and never whole`, () => {
        const output = formatter(findings, { display: (f) => f.replace('/repo/', ''), t: translator(lang), color: name === 'stylish' });
        const leaks = samples.filter((s) => giveaways(s.secret).some((g) => output.includes(g))).map((s) => s.name);
        assert.deepEqual(leaks, []);
        // The findings are there, masked: the output is not simply missing them.
        const masks = findings.map((f) => String(f.message.args?.[f.message.args.length - 1]));
        assert.ok(masks.every((m) => m.endsWith('****')), masks.join(' '));
        const missing = masks.filter((m) => !output.includes(m));
        assert.deepEqual(missing, []);
      });
    }
  }

  it('keeps secrets out of the finding data itself: fixes and related locations included', () => {
    const data = JSON.stringify(findings);
    assert.deepEqual(samples.filter((s) => giveaways(s.secret).some((g) => data.includes(g))).map((s) => s.name), []);
  });
});

describe('baton lint as a pre-commit hook', () => {
  let dir: string;
  afterEach(() => dir && removeDir(dir));
  const password = 'Hook@2026-x9Q';

  it('finds a secret in a Markdown file outside the KB with no frontmatter, and only that', async () => {
    dir = tempDir({
      'kb/a.md': article('KB-0001', '正文'),
      'docs/运维笔记.md': `# 运维笔记\n\n数据库口令：${password}\n`,
      'README.md': '# Project\n\nSee [docs](docs/运维笔记.md).\n',
    });
    const r = await runCli(dir, ['lint', 'docs/运维笔记.md', 'README.md', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as Array<{ file: string; line: number; ruleId: string; message: string }>;
    assert.deepEqual(out.map((f) => [f.file, f.line, f.ruleId]), [['docs/运维笔记.md', 3, 'no-secrets']]);
    assert.ok(!r.stdout.includes(password) && out[0].message.includes('Hook****'));
  });

  it('exits 0 on clean Markdown files outside the KB, whatever frontmatter another tool gave them', async () => {
    dir = tempDir({ 'kb/a.md': article('KB-0001', '正文'), 'CHANGELOG.md': '# Changelog\n\n- 0.1.0: first release\n', 'site/post.md': '---\nlayout: post\ntitle: Hello\n---\n\nSee [x](missing.md).\n' });
    const r = await runCli(dir, ['lint', 'CHANGELOG.md', 'site/post.md']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
  });

  it('checks a file outside the roots fully when it declares a KB type', async () => {
    dir = tempDir({ 'kb/a.md': article('KB-0001', '正文'), 'drafts/x.md': article('KB-9', 'x', `口令：${password}\n`) });
    const r = await runCli(dir, ['lint', 'drafts/x.md', '--format', 'json']);
    assert.deepEqual((JSON.parse(r.stdout) as Array<{ ruleId: string }>).map((f) => f.ruleId).sort(), ['id-format', 'no-secrets']);
  });

  it('leaves the secret for a person to handle under --fix, and never prints it in any format', async () => {
    dir = tempDir({ 'kb/a.md': article('KB-0001', '误贴口令', `密码：${password}`) });
    for (const format of ['stylish', 'json', 'sarif', 'github']) {
      const r = await runCli(dir, ['lint', '--fix', '--format', format]);
      assert.equal(r.code, 1);
      assert.ok(!r.stdout.includes(password) && !r.stderr.includes(password), format);
      assert.ok(r.stdout.includes('Hook****'), format);
    }
    assert.ok(readFileSync(join(dir, 'kb/a.md'), 'utf8').includes(password), 'the fix is offered, not applied unasked');
  });
});
