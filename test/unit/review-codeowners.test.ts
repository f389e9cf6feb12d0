// `baton codeowners`: the KB's section of CODEOWNERS from owners and reviewers, mapped through
// config; every byte outside the section kept; --check for CI.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BEGIN_MARKER, END_MARKER, replaceSection } from '../../extension/core/review/codeowners-section';
import { TempRepo } from './helpers/git-repo';
import { removeDir, runCli, tempDir, writeFiles } from './helpers/temp-kb';

const docWith = (id: string, owner: string, reviewers: string[] = []) =>
  `---\nid: ${id}\ntitle: 文档\ntype: article\nowner: ${owner}\n${reviewers.length ? `reviewers:\n${reviewers.map((r) => `  - ${r}\n`).join('')}` : ''}status: published\n---\n\n## 概述\n\n正文。\n`;

/** The text before the section's first line and after its last one. */
function outside(text: string): [string, string] {
  const begin = text.indexOf(BEGIN_MARKER);
  const endAt = text.indexOf(END_MARKER);
  const lineEnd = text.indexOf('\n', endAt);
  return [text.slice(0, begin), lineEnd === -1 ? '' : text.slice(lineEnd + 1)];
}

function section(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const begin = lines.findIndex((l) => l.startsWith(`${BEGIN_MARKER}:`));
  return lines.slice(begin + 1, lines.indexOf(END_MARKER, begin));
}

describe('baton codeowners', () => {
  let dir: string;
  afterEach(() => dir && removeDir(dir));

  it('round-trips: replaces its section and keeps every byte outside it (CRLF, no final newline)', async () => {
    dir = tempDir({ 'kb/a.md': docWith('KB-0001', 'zhangsan', ['lisi', 'zhangsan']), 'kb/b.md': docWith('KB-0002', '"@acme/ops"') });
    const before = '# 仓库的负责人\r\n*       @acme/all\r\n/src/   @acme/dev   # 注释\r\n\r\n';
    const after = '\r\n# 之后的规则覆盖本节\r\n/kb/b.md @acme/leads';
    const file = join(dir, '.github', 'CODEOWNERS');
    writeFiles(dir, { '.github/CODEOWNERS': `${before}${BEGIN_MARKER}: old header\r\n/kb/old.md @someone\r\n${END_MARKER}\r\n${after}` });
    const r = await runCli(dir, ['codeowners']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Wrote \.github\/CODEOWNERS \(2 documents\)/);
    const text = readFileSync(file, 'utf8');
    assert.deepEqual(outside(text), [before, after]);
    assert.deepEqual(section(text), ['/kb/a.md @zhangsan @lisi', '/kb/b.md @acme/ops']);
    assert.ok(!/[^\r]\n/.test(text), 'CRLF throughout');
    // Again: nothing to do, the file stays byte for byte, and --check agrees.
    const again = await runCli(dir, ['codeowners']);
    assert.match(again.stdout, /is up to date \(2 documents\)/);
    assert.equal(readFileSync(file, 'utf8'), text);
    assert.equal((await runCli(dir, ['codeowners', '--check'])).code, 0);
  });

  it('appends a section to a file that has none, and creates the file when there is none', async () => {
    dir = tempDir({ 'kb/a.md': docWith('KB-0001', 'zhangsan'), 'CODEOWNERS': '* @acme/all' });
    assert.equal((await runCli(dir, ['codeowners'])).code, 0);
    const text = readFileSync(join(dir, 'CODEOWNERS'), 'utf8');
    assert.ok(text.startsWith('* @acme/all\n\n# BEGIN baton'), text);
    assert.ok(!existsSync(join(dir, '.github')), 'the existing top-level file is the one used');
    removeDir(dir);
    dir = tempDir({ 'kb/a.md': docWith('KB-0001', 'zhangsan') });
    assert.equal((await runCli(dir, ['codeowners', '--check'])).code, 1, 'a missing file is out of date');
    assert.ok(!existsSync(join(dir, '.github', 'CODEOWNERS')), '--check writes nothing');
    assert.equal((await runCli(dir, ['codeowners'])).code, 0);
    assert.deepEqual(section(readFileSync(join(dir, '.github', 'CODEOWNERS'), 'utf8')), ['/kb/a.md @zhangsan']);
  });

  it('--check exits 1 and shows the lines that changed when an owner changes', async () => {
    dir = tempDir({ 'kb/a.md': docWith('KB-0001', 'zhangsan'), 'kb/b.md': docWith('KB-0002', 'lisi') });
    await runCli(dir, ['codeowners']);
    const written = readFileSync(join(dir, '.github', 'CODEOWNERS'), 'utf8');
    writeFiles(dir, { 'kb/b.md': docWith('KB-0002', 'wangwu') });
    const r = await runCli(dir, ['codeowners', '--check']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\.github\/CODEOWNERS is out of date: run "baton codeowners"/);
    assert.match(r.stderr, /^- \/kb\/b\.md @lisi$/m);
    assert.match(r.stderr, /^\+ \/kb\/b\.md @wangwu$/m);
    assert.equal(readFileSync(join(dir, '.github', 'CODEOWNERS'), 'utf8'), written);
  });

  it('maps names through config owners, escapes spaces, and warns where a name is no handle', async () => {
    dir = tempDir({
      'baton.config.json': JSON.stringify({ owners: { 张三: '@zhangsan', 运维组: '@acme/ops', 王五: 'wangwu@example.com', 值班: 'zhaoliu @acme/oncall' } }),
      'kb/运维 手册/a.md': docWith('KB-0001', '张三', ['运维组', '王五', '李四', '值班']),
      'kb/b.md': docWith('KB-0002', '李四'),
    });
    const r = await runCli(dir, ['codeowners', '--lang', 'en']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(section(readFileSync(join(dir, '.github', 'CODEOWNERS'), 'utf8')), ['/kb/运维\\ 手册/a.md @zhangsan @acme/ops wangwu@example.com @zhaoliu @acme/oncall']);
    assert.match(r.stderr, /^kb\/运维 手册\/a\.md:9:5: warning: "李四" is not a handle: map it in "owners" in baton\.config\.json/m);
    assert.match(r.stderr, /^kb\/b\.md:5:8: warning: "李四" is not a handle/m);
  });

  it('writes paths from the repository top level when the KB lives in a subfolder', async () => {
    const repo = new TempRepo();
    try {
      repo.write({ 'docs/baton.config.json': '{}', 'docs/kb/a.md': docWith('KB-0001', 'zhangsan') });
      repo.commit('init', '2026-11-02T09:00:00+08:00');
      const r = await runCli(join(repo.dir, 'docs'), ['codeowners']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(section(readFileSync(join(repo.dir, '.github', 'CODEOWNERS'), 'utf8')), ['/docs/kb/a.md @zhangsan']);
    } finally {
      repo.remove();
    }
  });

  it('refuses broken markers with the line, exit 2', async () => {
    dir = tempDir({ 'kb/a.md': docWith('KB-0001', 'zhangsan'), '.github/CODEOWNERS': `* @acme/all\n${BEGIN_MARKER}\n/kb/a.md @x\n` });
    const r = await runCli(dir, ['codeowners']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^\.github\/CODEOWNERS:2:1: error: "# BEGIN baton" has no "# END baton" after it\n$/);
    writeFileSync(join(dir, '.github', 'CODEOWNERS'), `${END_MARKER}\n${BEGIN_MARKER}\n`);
    assert.match((await runCli(dir, ['codeowners'])).stderr, /CODEOWNERS:1:1: error: "# END baton" comes before "# BEGIN baton"/);
  });
});

describe('the CODEOWNERS section', () => {
  it('changes nothing outside the markers, whatever surrounds them', () => {
    const samples = ['', 'a', 'a\n', '\n\n', '# x\r\n*  @a\r\n', '  # BEGIN batonish? no\n', '/a @b\n# END baton extra\n'];
    for (const head of samples) {
      for (const tail of ['', 'z', '\n/z @y', '\r\n/z @y\r\n']) {
        const text = `${head}${head && !head.endsWith('\n') ? '\n' : ''}${BEGIN_MARKER}\n/old @o\n${END_MARKER}${tail ? `\n${tail}` : ''}`;
        const result = replaceSection(text, ['/kb/a.md @n']);
        assert.ok(result.ok, JSON.stringify(text));
        if (!result.ok) continue;
        const block = `${BEGIN_MARKER}\n/old @o\n${END_MARKER}`;
        const begin = text.indexOf(block);
        assert.equal(result.text.slice(0, begin), text.slice(0, begin));
        // The END line's own line break belongs to the section; what follows it must not change.
        const skipBreak = (t: string, at: number) => at + (/^\r?\n/.exec(t.slice(at))?.[0].length ?? 0);
        const oldEnd = skipBreak(text, begin + block.length);
        const newEnd = skipBreak(result.text, result.text.indexOf(`\n${END_MARKER}`, begin) + 1 + END_MARKER.length);
        assert.equal(result.text.slice(newEnd), text.slice(oldEnd), JSON.stringify(text));
        assert.deepEqual(section(result.text), ['/kb/a.md @n']);
      }
    }
  });
});
