// `baton lint --changed` and `--staged` on real temporary git repositories: only the changed
// (or staged) documents, plus the findings those changes cause elsewhere, measured from the
// merge base; and clear errors where git cannot answer.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blob, openRepo, readBlobs } from '../../extension/core/review/git-changes';
import { nodeGit } from '../../extension/node-host/node-host';
import { doc, TempRepo } from './helpers/git-repo';
import { removeDir, runCli, tempDir } from './helpers/temp-kb';

const AT = '2026-11-02T09:00:00+08:00';
const LATER = '2026-11-03T09:00:00+08:00';

type Row = { file: string; line: number; ruleId: string; message: string };
const rows = (stdout: string) => (JSON.parse(stdout) as Row[]).map((f) => `${f.file}:${f.line} ${f.ruleId}`);

describe('baton lint --changed', function () {
  this.timeout(30_000);
  let repo: TempRepo;
  afterEach(() => repo?.remove());

  /** main: a links to b (and, already broken, to old.md); c has an old broken link; d names KB-0002. */
  function base(): TempRepo {
    repo = new TempRepo();
    repo.write({
      'kb/a.md': doc('KB-0001', '', '见 [二](b.md)，旧链接 [旧](old.md)。'),
      'kb/b.md': doc('KB-0002', ''),
      'kb/c.md': doc('KB-0003', '', '见 [无](gone.md)。'),
      'kb/d.md': doc('KB-0004', 'related:\n  - KB-0002\n'),
    });
    repo.commit('基础', AT);
    repo.git('checkout', '-q', '-b', 'feature');
    return repo;
  }

  it('catches a link broken by a rename in another file, and leaves old findings in untouched documents alone', async () => {
    base();
    repo.git('mv', 'kb/b.md', 'kb/b2.md');
    repo.commit('改名', LATER);
    const all = await runCli(repo.dir, ['lint', '--format', 'json']);
    assert.deepEqual(rows(all.stdout), ['kb/a.md:11 broken-link', 'kb/a.md:11 broken-link', 'kb/c.md:11 broken-link']);
    const changed = await runCli(repo.dir, ['lint', '--changed', '--base', 'main', '--format', 'json']);
    assert.equal(changed.code, 1, changed.stderr);
    const found = JSON.parse(changed.stdout) as Row[];
    assert.deepEqual(found.map((f) => `${f.file}:${f.line} ${f.ruleId}`), ['kb/a.md:11 broken-link']);
    assert.match(found[0].message, /"b\.md" does not exist/);
    assert.match(changed.stderr, /1 changed documents since main \(merge base [0-9a-f]{7}\)/);
  });

  it('catches what a renamed image and a renamed heading break in documents nobody touched', async () => {
    base();
    repo.write({ 'kb/img/arch.png': 'png', 'kb/e.md': doc('KB-0005', '', '![架构](img/arch.png) 见 [概述](b.md#概述)。') }).commit('图片', AT);
    repo.git('mv', 'kb/img/arch.png', 'kb/img/architecture.png');
    repo.write({ 'kb/b.md': doc('KB-0002', '').replace('## 概述', '## 简介') });
    repo.commit('改名', LATER);
    const r = await runCli(repo.dir, ['lint', '--changed', '--base', 'HEAD~1', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const found = JSON.parse(r.stdout) as Row[];
    assert.deepEqual(found.map((f) => `${f.file}:${f.line} ${f.ruleId}`), ['kb/b.md:9 required-sections', 'kb/e.md:11 broken-link', 'kb/e.md:11 broken-link']);
    assert.match(found[1].message + found[2].message, /arch\.png/);
    assert.match(found[1].message + found[2].message, /#概述|概述/);
  });

  it('checks changed documents, committed, uncommitted and untracked, and the references an id change breaks', async () => {
    base();
    repo.write({ 'kb/b.md': doc('KB-0009', '') });
    repo.commit('改编号', LATER);
    repo.write({ 'kb/c.md': doc('KB-0003', '', '见 [无](gone.md)，[新](new.md)。').replace('## 概述', '## 其他') });
    repo.write({ 'kb/e.md': doc('KB-01', '') });
    const r = await runCli(repo.dir, ['lint', '--changed', '--base', 'main', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(rows(r.stdout), [
      'kb/c.md:9 required-sections',
      'kb/c.md:11 broken-link',
      'kb/c.md:11 broken-link',
      'kb/d.md:8 unknown-reference',
      'kb/e.md:2 id-format',
    ]);
    // Nothing changed: nothing to check, exit 0.
    const none = await runCli(repo.dir, ['lint', '--changed', '--base', 'HEAD', '--format', 'json']);
    assert.equal(none.code, 1, 'the uncommitted edits still count');
    repo.git('checkout', '-q', '--', 'kb/c.md');
    removeDir(join(repo.dir, 'kb/e.md'));
    const clean = await runCli(repo.dir, ['lint', '--changed', '--base', 'HEAD', '--format', 'json']);
    assert.equal(clean.code, 0, clean.stdout);
    assert.deepEqual(JSON.parse(clean.stdout), []);
  });

  it('counts from the merge base when the base moved on after the branch left it', async () => {
    base();
    repo.write({ 'kb/d.md': doc('KB-0004', '', '新增 [坏](bad.md)。') }).commit('分支上的修改', LATER);
    // main moves on: a.md changes there, which HEAD does not have.
    repo.git('checkout', '-q', 'main');
    repo.write({ 'kb/a.md': doc('KB-0001', '', '主干上改过。') }).commit('主干修改', LATER);
    repo.git('checkout', '-q', 'feature');
    const r = await runCli(repo.dir, ['lint', '--changed', '--base', 'main', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    // a.md differs from main's tip, but the branch never touched it: only d.md is checked.
    assert.deepEqual(rows(r.stdout), ['kb/d.md:11 broken-link']);
  });

  it('takes the base from CI when --base is not given', async () => {
    base();
    repo.write({ 'kb/d.md': doc('KB-0004', '', '新增 [坏](bad.md)。') }).commit('分支上的修改', LATER);
    repo.git('update-ref', 'refs/remotes/origin/main', 'main');
    const r = await runCli(repo.dir, ['lint', '--changed', '--format', 'json'], { GITHUB_BASE_REF: 'main' });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /since origin\/main/);
    assert.deepEqual(rows(r.stdout), ['kb/d.md:11 broken-link']);
  });

  it('exits 2 with a clear message for an unknown base, outside git, and for options that do not go together', async () => {
    base();
    const unknown = await runCli(repo.dir, ['lint', '--changed', '--base', 'no-such-branch']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^baton lint: No commit named "no-such-branch"\n$/);
    const option = await runCli(repo.dir, ['lint', '--changed', '--base=--upload-pack=x']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /is not a revision/);
    for (const argv of [['--changed', '--staged'], ['--base', 'main'], ['--changed', 'kb/a.md'], ['--staged', '--fix']]) {
      const r = await runCli(repo.dir, ['lint', ...argv]);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.stderr, /^baton lint: --/, r.stderr);
    }
    const dir = tempDir({ 'kb/a.md': doc('KB-0001', '') });
    try {
      const outside = await runCli(dir, ['lint', '--changed']);
      assert.equal(outside.code, 2);
      assert.match(outside.stderr, /^baton lint: --changed needs a git repository: .* is not in a git repository\n$/);
      assert.doesNotMatch(outside.stderr, /\n\s+at /);
    } finally {
      removeDir(dir);
    }
  });
});

describe('baton lint --staged', function () {
  this.timeout(30_000);
  let repo: TempRepo;
  afterEach(() => repo?.remove());

  function committed(): TempRepo {
    repo = new TempRepo();
    repo.write({ 'kb/a.md': doc('KB-0001', '', '见 [二](b.md)。'), 'kb/b.md': doc('KB-0002', ''), 'kb/c.md': doc('KB-0003', '', '见 [无](gone.md)。') });
    repo.commit('基础', AT);
    return repo;
  }

  it('checks the staged version of a staged document, not the working copy', async () => {
    committed();
    const broken = doc('KB-0002', '', '新写的 [坏链接](nowhere.md)。');
    repo.write({ 'kb/b.md': broken });
    repo.git('add', 'kb/b.md');
    repo.write({ 'kb/b.md': doc('KB-0002', '', '工作区里已经改好了。') });
    const r = await runCli(repo.dir, ['lint', '--staged', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const found = JSON.parse(r.stdout) as Row[];
    assert.deepEqual(found.map((f) => `${f.file}:${f.line} ${f.ruleId}`), ['kb/b.md:11 broken-link']);
    assert.match(found[0].message, /nowhere\.md/);
    assert.equal(readFileSync(join(repo.dir, 'kb/b.md'), 'utf8'), doc('KB-0002', '', '工作区里已经改好了。'), 'the working copy is left alone');
    // The other way round: a good staged version passes, whatever the working copy says.
    repo.write({ 'kb/b.md': doc('KB-0002', '', '好的。') });
    repo.git('add', 'kb/b.md');
    repo.write({ 'kb/b.md': broken });
    const good = await runCli(repo.dir, ['lint', '--staged', '--format', 'json']);
    assert.equal(good.code, 0, good.stdout);
    assert.deepEqual(JSON.parse(good.stdout), []);
  });

  it('reports what a staged deletion breaks elsewhere, and ignores unstaged documents', async () => {
    committed();
    repo.git('rm', '-q', 'kb/b.md');
    const r = await runCli(repo.dir, ['lint', '--staged', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(rows(r.stdout), ['kb/a.md:11 broken-link']);
  });

  it('works before the first commit, and exits 2 outside git', async () => {
    repo = new TempRepo();
    repo.write({ 'kb/a.md': doc('KB-01', '') });
    repo.git('add', '-A');
    const r = await runCli(repo.dir, ['lint', '--staged', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(rows(r.stdout), ['kb/a.md:2 id-format']);
    const dir = tempDir({ 'kb/a.md': doc('KB-0001', '') });
    try {
      const outside = await runCli(dir, ['lint', '--staged']);
      assert.equal(outside.code, 2);
      assert.match(outside.stderr, /^baton lint: --staged needs a git repository: /);
    } finally {
      removeDir(dir);
    }
  });
});

describe('reading files at a revision', () => {
  it('reads many files in one batch, and one by one when a file is not UTF-8', async () => {
    const repo = new TempRepo();
    try {
      repo.write({ 'kb/a.md': '甲\n', 'kb/b.md': '乙\n', '空 格/c.md': 'c\n' });
      writeFileSync(join(repo.dir, 'kb/bad.md'), Buffer.from([0x61, 0xff, 0xfe, 0x0a]));
      repo.commit('init', AT);
      const gitRepo = await openRepo(nodeGit(repo.dir), repo.dir);
      const paths = ['kb/a.md', 'kb/b.md', '空 格/c.md', 'kb/missing.md'].map((p) => `${repo.dir}/${p}`);
      const clean = await readBlobs(nodeGit(repo.dir), gitRepo, paths.map((path) => ({ rev: 'HEAD', path })));
      assert.deepEqual(paths.map((p) => blob(clean, 'HEAD', p)), ['甲\n', '乙\n', 'c\n', undefined]);
      const mixed = await readBlobs(nodeGit(repo.dir), gitRepo, [`${repo.dir}/kb/bad.md`, ...paths].map((path) => ({ rev: 'HEAD', path })));
      assert.deepEqual(paths.map((p) => blob(mixed, 'HEAD', p)), ['甲\n', '乙\n', 'c\n', undefined]);
      assert.equal(blob(mixed, 'HEAD', `${repo.dir}/kb/bad.md`), 'a\ufffd\ufffd\n');
    } finally {
      repo.remove();
    }
  });
});
