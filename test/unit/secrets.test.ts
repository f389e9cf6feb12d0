// no-secrets: the must-flag corpus (one sample per kind, Chinese variants), the must-pass
// corpus, masking, allow comments, the config allowlist, and other rules never quoting a secret.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { Engine, ConfigError } from '../../extension/core/engine';
import { format } from '../../extension/core/message';
import { autoFix } from '../../extension/core/fixes';
import { maskSecret } from '../../extension/core/secrets/mask';
import { isPlaceholder } from '../../extension/core/secrets/placeholders';
import { maskSecretsIn, scanSecrets } from '../../extension/core/secrets/scan';
import { LineIndex } from '../../extension/core/text';
import { SECRET_KINDS } from '../../extension/core/secrets/settings';
import { shannonEntropy } from '../../extension/core/secrets/entropy';
import { nodeFileSystem } from '../../extension/node-host/node-host';
import { toPosix } from '../../extension/core/paths';
import type { Finding } from '../../extension/core/types';
import { memoryHost, quietLogger } from './helpers/memory-host';
import { MUST_PASS, mustFlag, SecretFactory, type FlagSample } from './helpers/secrets-corpus';

const article = (id: string, body: string) => `---\nid: ${id}\ntitle: 样例 ${id}\ntype: article\nowner: sunba\nstatus: draft\n---\n\n## 概述\n\n${body}\n`;

/** Lints each body as its own KB document; returns the no-secrets findings by sample index. */
async function lint(bodies: string[], config?: unknown, extra: Record<string, string> = {}): Promise<{ engine: Engine; texts: string[]; findings: Finding[][] }> {
  const files: Record<string, string> = { ...extra };
  const texts = bodies.map((body, i) => article(`KB-${String(i + 1).padStart(4, '0')}`, body));
  texts.forEach((text, i) => (files[`/repo/kb/sample-${i}.md`] = text));
  if (config) files['/repo/baton.config.json'] = JSON.stringify(config);
  const engine = await Engine.open(memoryHost(files), '/repo');
  await engine.scan();
  const findings = texts.map((_, i) => engine.findings(`/repo/kb/sample-${i}.md`).filter((f) => f.ruleId === 'no-secrets'));
  return { engine, texts, findings };
}

/** The text a finding's range covers. */
function covered(text: string, f: Finding): string {
  const lines = text.split('\n');
  const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  return text.slice(offset(f.range.line, f.range.column), offset(f.range.endLine, f.range.endColumn));
}

describe('no-secrets', () => {
  const flag = mustFlag();

  it('has a must-flag sample for every kind, and Chinese variants', () => {
    const kinds = new Set(flag.map((s) => s.kind));
    assert.deepEqual(SECRET_KINDS.filter((k) => !kinds.has(k)), []);
    const chinese = flag.filter((s) => /[\u4e00-\u9fff]/.test(s.body));
    assert.ok(new Set(chinese.map((s) => s.kind)).size >= 10, `Chinese variants cover ${[...new Set(chinese.map((s) => s.kind))].join(', ')}`);
  });

  it('flags every must-flag sample once, at the secret, with the secret masked', async () => {
    const { texts, findings } = await lint(flag.map((s) => s.body));
    const problems: string[] = [];
    flag.forEach((sample: FlagSample, i) => {
      const got = findings[i];
      const shown = got.map((f) => `${f.range.line}:${f.range.column} ${format(f.message.text, f.message.args)}`);
      if (got.length !== 1) {
        problems.push(`${sample.name}: expected 1 finding, got ${JSON.stringify(shown)}`);
        return;
      }
      const f = got[0];
      if (covered(texts[i], f) !== sample.secret) problems.push(`${sample.name}: the range covers ${JSON.stringify(covered(texts[i], f))}`);
      const message = format(f.message.text, f.message.args);
      // The words of a message are fixed; the secret could only come in through its arguments.
      const args = (f.message.args ?? []).map(String);
      if (args.some((a) => a.includes(sample.secret) || (sample.kind === 'private-key' && a.includes(sample.secret.split('\n')[1])))) problems.push(`${sample.name}: the message holds the secret: ${message}`);
      if (sample.secret.length >= 8 && message.includes(sample.secret)) problems.push(`${sample.name}: the message holds the secret: ${message}`);
      if (!message.includes('****')) problems.push(`${sample.name}: no mask in ${message}`);
      if (f.severity !== 'error') problems.push(`${sample.name}: severity ${f.severity}`);
    });
    assert.deepEqual(problems, []);
  });

  it('says which kind it found', async () => {
    const samples = ['aws', 'alibaba', 'tencent', 'github', 'gitlab', 'jwt', 'vault', 'private-key'].map((kind) => flag.find((s) => s.kind === kind)!);
    const { findings } = await lint(samples.map((s) => s.body));
    const words = ['AWS access key', 'Alibaba Cloud AccessKey', 'Tencent Cloud SecretId', 'GitHub token', 'GitLab token', 'JSON Web Token', 'Vault token', 'Private key block (RSA PRIVATE KEY'];
    words.forEach((word, i) => assert.ok(findings[i][0]?.message.text.startsWith(word.split(' (')[0]) && format(findings[i][0].message.text, findings[i][0].message.args).includes(word), `${samples[i].name}: ${findings[i][0]?.message.text}`));
  });

  it('passes every must-pass sample', async () => {
    const { findings } = await lint(MUST_PASS.map((s) => s.body));
    const wrong = MUST_PASS.flatMap((s, i) => findings[i].map((f) => `${s.name}: ${format(f.message.text, f.message.args)}`));
    assert.deepEqual(wrong, []);
  });

  it('passes the starter KB, which names where credentials live and never holds one', async function () {
    this.timeout(60_000);
    const root = toPosix(join(__dirname, '..', '..'));
    const engine = await Engine.open({ fs: nodeFileSystem, clock: { now: () => new Date('2026-11-23T10:00:00+08:00') }, logger: quietLogger }, root);
    await engine.scan();
    assert.ok(engine.index.size > 20, 'the starter KB was read');
    const found = engine.allFindings().filter((f) => f.ruleId === 'no-secrets');
    assert.deepEqual(found.map((f) => `${f.file}:${f.range.line}: ${format(f.message.text, f.message.args)}`), []);
  });

  it('masks all but the first 4 characters, and more of a short secret', () => {
    assert.equal(maskSecret('AKIAABCDEFGHIJKLMNOP'), 'AKIA****');
    assert.equal(maskSecret('Tianshu@2026'), 'Tian****');
    assert.equal(maskSecret('Abc12345'), 'Ab****');
    assert.equal(maskSecret('pass'), 'p****');
    assert.equal(maskSecret('ab'), '****');
  });

  it('keeps a Markdown table usable when a secret is masked in a message argument', () => {
    const token = flag.find((s) => s.kind === 'github')!.secret;
    assert.equal(maskSecretsIn(`see ${token} here`), `see ${token.slice(0, 4)}**** here`);
    assert.equal(maskSecretsIn('no secret here'), 'no secret here');
  });

  it('tells placeholders from values', () => {
    for (const p of ['<vault:secret/k8s/admin>', '******', '${VAR}', '见 Vault 路径 secret/x', 'TODO', '$DB_PASSWORD', '{{ .Values.pw }}', 'REDACTED', 'secret/tianshu/postgres/dba']) assert.ok(isPlaceholder(p), p);
    for (const v of ['Tianshu@2026', 'admin123', 'Kc123#abcd']) assert.ok(!isPlaceholder(v), v);
    assert.ok(shannonEntropy('aaaaaaaa') < 0.01 && shannonEntropy('aB3$xY9!') === 3);
  });

  describe('allowing', () => {
    const pw = 'Tianshu@2026';

    it('lets a line through with an inline reason, and says when the reason is missing', async () => {
      const { findings } = await lint([
        `密码：${pw} <!-- baton-allow-secret: 培训环境示例，环境已销毁 -->`,
        `密码：${pw} <!-- baton-allow-secret -->`,
        `密码：${pw} <!-- baton-allow-secret:   -->`,
      ]);
      assert.deepEqual(findings[0], []);
      for (const list of [findings[1], findings[2]]) {
        assert.deepEqual(list.map((f) => f.message.text.startsWith('A baton-allow-secret comment needs a reason')).sort(), [false, true]);
      }
    });

    it('lets the next line through from a comment alone above it, and a whole code block or table', async () => {
      const { findings } = await lint([
        `<!-- baton-allow-secret: 厂商手册示例 -->\npassword: ${pw}\npassword: Other@2026x`,
        `<!-- baton-allow-secret: 示例配置 -->\n\`\`\`yaml\ndb:\n  password: ${pw}\n  token_secret: ${'aB3xY9kLmN2pQ7rS'}\n\`\`\`\n\npassword: Outside@2026`,
        `<!-- baton-allow-secret: 培训用表格 -->\n| 系统 | 密码 |\n|---|---|\n| A | ${pw} |\n| B | Other@2026x |\n`,
      ]);
      assert.deepEqual(findings[0].map((f) => f.range.line), [13], 'the comment covers line 12 only');
      assert.deepEqual(findings[1].map((f) => f.range.line), [18], 'the block is allowed, the line after it is not');
      assert.deepEqual(findings[2], []);
    });

    it('lets through what the config allowlist names, by regex or by path', async () => {
      const config = { secrets: { allowlist: { regexes: ['^Train', '培训环境'], paths: ['kb/training/**'] } } };
      const { findings, engine } = await lint([`password: Train1ng-2026`, `培训环境口令：Xk29fa1b`, `password: ${pw}`], config, { '/repo/kb/training/lab.md': article('KB-0900', `password: ${pw}`) });
      assert.deepEqual(findings.map((f) => f.length), [0, 0, 1]);
      assert.deepEqual(engine.findings('/repo/kb/training/lab.md').filter((f) => f.ruleId === 'no-secrets'), []);
    });

    it('turns detectors off by kind', async () => {
      const { findings } = await lint([`password: ${pw}`, `| 系统 | 密码 |\n|---|---|\n| A | ${pw} |`], { secrets: { disable: ['password'] } });
      assert.deepEqual(findings.map((f) => f.map((x) => x.message.text.split(' ')[0])), [[], ['Value']]);
    });

    it('refuses an allowlist regex that does not compile, pointing at it', async () => {
      const host = memoryHost({ '/repo/baton.config.json': '{\n  "secrets": { "allowlist": { "regexes": ["ok", "(unclosed"] } }\n}\n' });
      await assert.rejects(Engine.open(host, '/repo'), (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.problems[0].range.line, 2);
        assert.match(format(e.problems[0].message.text, e.problems[0].message.args), /\/secrets\/allowlist\/regexes\/1/);
        return true;
      });
    });
  });

  it('stays linear on long runs that look like identifiers, keys or markers', () => {
    const texts = [
      'token'.repeat(40_000),
      'password: '.repeat(20_000),
      'pass_'.repeat(40_000) + '=x',
      '-----BEGIN RSA PRIVATE KEY-----'.repeat(5_000),
      'a'.repeat(200_000),
      `${'密钥 '.repeat(50_000)}`,
    ];
    const started = Date.now();
    for (const text of texts) scanSecrets(text, new LineIndex(text));
    // Quadratic patterns took over 20 s here; linear ones take well under a second.
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  });

  it('offers to replace the secret with a reference, without the secret in the fix', async () => {
    const sample = flag.find((s) => s.kind === 'password')!;
    const { findings } = await lint([sample.body]);
    const fixes = findings[0][0].fixes ?? [];
    assert.deepEqual(fixes.map((f) => f.edits[0].text), ['<vault:TODO>', '******']);
    assert.ok(fixes.every((f) => !f.preferred) && autoFix(findings[0][0]) === undefined, 'never applied by --fix unasked');
    assert.ok(!JSON.stringify(findings).includes(sample.secret), 'no finding data holds the secret');
  });

  it('masks a secret other rules would quote: an id, a link, a reference', async () => {
    const factory = new SecretFactory(7);
    const [token, other] = [0, 1].map(() => `ghp_${factory.mixed('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 36, 'abc', 'XYZ', '0123456789')}`);
    const host = memoryHost({
      '/repo/kb/a.md': `---\nid: ${token}\ntitle: 误填\ntype: article\nowner: sunba\nstatus: draft\nrelated:\n  - ${other}\n---\n\n## 概述\n\n见 [说明](${token}.md)。\n`,
    });
    const engine = await Engine.open(host, '/repo');
    await engine.scan();
    const findings = engine.findings('/repo/kb/a.md');
    assert.ok(findings.some((f) => f.ruleId === 'id-format'), 'id-format still reports');
    assert.ok(findings.some((f) => f.ruleId === 'broken-link') && findings.some((f) => f.ruleId === 'unknown-reference'));
    const leaked = findings.filter((f) => [token, other].some((t) => JSON.stringify([f.message, f.related, f.fixes?.map((x) => x.title)]).includes(t)));
    assert.deepEqual(leaked.map((f) => f.ruleId), []);
  });
});
