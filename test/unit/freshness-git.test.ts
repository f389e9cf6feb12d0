// The git side of freshness on real repositories: the streamed log parser, the cache by HEAD
// and its incremental reads, shallow clones, no git at all, and a file named like an option.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { updateFreshness } from '../../extension/core/freshness';
import { BatchReader, contentKey } from '../../extension/core/freshness/blob-content';
import { LogParser, logArgs } from '../../extension/core/freshness/git-log';
import { HistoryLoader, fileHistoryStore } from '../../extension/core/freshness/history';
import type { GitHost } from '../../extension/core/host';
import { nodeFileSystem, nodeGit } from '../../extension/node-host/node-host';
import { doc, openRepoEngine, TempRepo } from './helpers/git-repo';
import { runCli } from './helpers/temp-kb';

const T0 = Date.parse('2026-11-02T09:00:00+08:00');
const H = 3_600_000;
const iso = (hours: number) => new Date(T0 + hours * H + 8 * H).toISOString().replace(/\.\d{3}Z$/, '+08:00');

/** Counts the git commands a host runs, to show what the cache saves. */
function countingGit(dir: string): GitHost & { calls: string[][]; written: string[] } {
  const git = nodeGit(dir);
  const calls: string[][] = [];
  const written: string[] = [];
  return {
    calls,
    written,
    run: (args, options) => (calls.push([...args]), git.run(args, options)),
    stream: (args, onChunk) => (calls.push([...args]), git.stream(args, onChunk)),
    pipe: (args, onData) => {
      calls.push([...args]);
      const pipe = git.pipe(args, onData);
      return { write: (line) => (written.push(line), pipe.write(line)), end: () => pipe.end() };
    },
  };
}

describe('freshness and git', function () {
  this.timeout(20_000);
  let repo: TempRepo;
  afterEach(() => repo?.remove());

  function basic(): TempRepo {
    repo = new TempRepo();
    repo.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n'), 'deploy/app.yaml': 'replicas: 2\n' }).commit('初始', iso(0));
    return repo;
  }

  it('parses the log the same however the stream is cut, and checks content only under the KB roots', async () => {
    basic();
    const yaml = (n: number) => `replicas: ${n}\nimage: registry.example.com/ingest:1.4.2\nresources:\n  cpu: 2\n  memory: 4Gi\n`;
    repo.write({ 'deploy/app.yaml': yaml(2) }).commit('写全配置', iso(0.5));
    repo.move('deploy/app.yaml', 'deploy/应用.yaml').write({ 'deploy/应用.yaml': yaml(3) }).commit('改名并修改', iso(1));
    repo.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n') + '\n\n' }).commit('只加空行', iso(2));
    repo.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n').replace('## 概述', '##   概述').replace(/\n/g, '\r\n') }).commit('只改空白', iso(2.5));
    repo.move('kb/deploy.md', 'kb/部署.md').commit('只改名', iso(2.7));
    repo.move('kb/部署.md', 'kb/deploy.md').write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n', '改了正文。') }).commit('文档改名并修改', iso(3));
    const out = execFileSync('git', logArgs('HEAD'), { cwd: repo.dir, encoding: 'utf8' });
    const whole = new LogParser();
    whole.push(out);
    const cut = new LogParser();
    for (const ch of out) cut.push(ch);
    assert.deepEqual(cut.finish(), whole.finish());

    const git = countingGit(repo.dir);
    const loaded = await new HistoryLoader(git, repo.dir).load(['kb']);
    assert.ok(loaded.ok);
    assert.deepEqual(
      [...loaded.history.commits].reverse().map((c) => [c.subject, c.files.map((f) => [f.status, f.from ?? '', f.path, f.content])]),
      [
        ['文档改名并修改', [['R', 'kb/部署.md', 'kb/deploy.md', true]]],
        ['只改名', [['R', 'kb/deploy.md', 'kb/部署.md', false]]],
        ['只改空白', [['M', '', 'kb/deploy.md', false]]],
        ['只加空行', [['M', '', 'kb/deploy.md', false]]],
        // Outside the roots no blob is read: a modification there is a change, never an update.
        ['改名并修改', [['R', 'deploy/app.yaml', 'deploy/应用.yaml', false]]],
        ['写全配置', [['M', '', 'deploy/app.yaml', false]]],
        ['初始', [['A', '', 'deploy/app.yaml', true], ['A', '', 'kb/deploy.md', true]]],
      ],
    );
    // One log, and one blob reader (started by the first document change) asked only for the four versions of the document, each once.
    assert.deepEqual(git.calls.map((c) => c.find((a) => a === 'log' || a === 'cat-file')).filter(Boolean), ['log', 'cat-file']);
    const asked = git.written.join('').split('\n').filter(Boolean);
    assert.equal(asked.length, 4);
    assert.equal(new Set(asked).size, 4);
  });

  it('checks the content of the commits an extended read adds, the last one of the log too', async () => {
    basic();
    const loader = new HistoryLoader(nodeGit(repo.dir), repo.dir);
    assert.ok((await loader.load(['kb'])).ok);
    repo.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n') + '\n\n' }).commit('只加空行', iso(1));
    const blank = await loader.load(['kb']);
    assert.ok(blank.ok && blank.reused === 'extended' && blank.added === 1);
    assert.deepEqual(blank.history.commits.at(-1)!.files.map((f) => [f.path, f.content]), [['kb/deploy.md', false]]);
    repo.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n', '改了正文。') }).commit('改正文', iso(2));
    const real = await loader.load(['kb']);
    assert.ok(real.ok && real.reused === 'extended');
    assert.deepEqual(real.history.commits.at(-1)!.files.map((f) => [f.path, f.content]), [['kb/deploy.md', true]]);
  });

  it('keys blobs by their text without whitespace and blank lines, however the blob reader output is cut', async () => {
    basic();
    const late = 'x'.repeat(8000);
    const texts = ['a b\n\nc\n', 'ab\r\n  \r\nc', '\tab\n\n\n c \n', 'a\nbc\n', 'ab\x00c\n', 'ab\x00 c\n', '', `${late}\x00 a\n`, `${late}\x00a\n`];
    const ids = texts.map((text) => execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo.dir, input: text, encoding: 'utf8' }).trim());
    const keys = texts.map((text) => contentKey(new TextEncoder().encode(text)));
    assert.equal(keys[0], keys[1], 'spaces, CRLF and blank lines');
    assert.equal(keys[0], keys[2], 'tabs and leading and trailing spaces');
    assert.notEqual(keys[0], keys[3], 'a line broken elsewhere is a change');
    assert.notEqual(keys[4], keys[5], 'a binary blob is compared byte for byte');
    assert.equal(keys[7], keys[8], 'as git does, a NUL after the first 8,000 bytes does not make a blob binary');
    const output = execFileSync('git', ['cat-file', '--batch'], { cwd: repo.dir, input: [...ids, 'f'.repeat(40)].join('\n') + '\n' });
    for (const size of [1, 3, 7, 64, output.length]) {
      const reader = new BatchReader();
      for (let at = 0; at < output.length; at += size) reader.push(output.subarray(at, at + size));
      assert.deepEqual(ids.map((id) => reader.keys.get(id)), keys, `cut every ${size} bytes`);
      assert.equal(reader.keys.size, new Set(ids).size, 'a missing object has no key');
    }
    // Past the size limit a blob is read past, not kept: its key is its own, so any change to it is content.
    const small = new BatchReader(3);
    small.push(output);
    assert.equal(small.keys.get(ids[6]), keys[6], 'the empty blob is keyed');
    assert.notEqual(small.keys.get(ids[0]), small.keys.get(ids[1]));
    assert.equal(small.keys.size, new Set(ids).size);
  });

  it('asks git once where the repository is and what HEAD is, and tells no commits and no repository apart', async () => {
    repo = new TempRepo();
    const empty = await new HistoryLoader(nodeGit(repo.dir), repo.dir).load(['kb']);
    assert.ok(!empty.ok && empty.code === 'no-commits', JSON.stringify(empty));
    // A KB below the top level, and a file named like the revision asked for.
    repo.write({ 'docs/kb/a.md': doc('KB-0001', ''), 'docs/HEAD^{commit}': 'x\n' });
    const head = repo.commit('初始', iso(0));
    const git = countingGit(join(repo.dir, 'docs'));
    const probed = await new HistoryLoader(git, join(repo.dir, 'docs')).probe();
    assert.ok(probed.ok);
    assert.deepEqual([probed.repo.prefix, probed.repo.shallow, probed.head], ['docs/', false, head]);
    assert.equal(git.calls.length, 1);
    const outside = mkdtempSync(join(tmpdir(), 'baton-nogit-'));
    const none = await new HistoryLoader(nodeGit(outside), outside).probe();
    rmSync(outside, { recursive: true, force: true });
    assert.ok(!none.ok && none.code === 'not-repository', JSON.stringify(none));
  });

  it('keeps the history by HEAD: reuses it, extends it with the new commits only, cuts it on a reset, rereads it on a rewrite', async () => {
    basic();
    const git = countingGit(repo.dir);
    const loader = new HistoryLoader(git, repo.dir);
    const first = await loader.load(['kb']);
    assert.ok(first.ok && first.reused === 'full');
    const same = await loader.load(['kb']);
    assert.ok(same.ok && same.reused === 'same');
    // One read: the log, and no blob reader for a history of additions; nothing more when HEAD has not moved.
    assert.equal(git.calls.filter((c) => c.includes('log')).length, 1);
    assert.equal(git.calls.filter((c) => c.includes('cat-file')).length, 0);

    const second = repo.write({ 'deploy/app.yaml': 'replicas: 3\n' }).commit('扩容', iso(1));
    git.calls.length = 0;
    const extended = await loader.load(['kb']);
    assert.ok(extended.ok && extended.reused === 'extended');
    assert.equal(extended.history.commits.length, 2);
    const logs = git.calls.filter((c) => c.includes('log'));
    assert.equal(logs.length, 1);
    assert.equal(git.calls.filter((c) => c.includes('cat-file')).length, 0, 'a commit outside the documents reads no blob');
    for (const log of logs) assert.ok(log.includes(`${first.ok && first.history.head}..${second}`), `incremental range in ${log.join(' ')}`);

    repo.git('reset', '-q', '--hard', 'HEAD~1');
    const cut = await loader.load(['kb']);
    assert.ok(cut.ok && cut.reused === 'truncated' && cut.history.commits.length === 1);

    repo.write({ 'deploy/app.yaml': 'replicas: 9\n' }).commit('另一条路', iso(2));
    const ahead = await loader.load(['kb']);
    assert.ok(ahead.ok && ahead.reused === 'extended');
    repo.gitAt(iso(3), 'commit', '-q', '--amend', '-m', '改写');
    const rewritten = await loader.load(['kb']);
    assert.ok(rewritten.ok && rewritten.reused === 'full' && rewritten.history.commits.map((c) => c.subject).join() === '初始,改写');
  });

  it('stores the history in the git directory between runs', async () => {
    basic();
    const store = fileHistoryStore(nodeFileSystem);
    await new HistoryLoader(nodeGit(repo.dir), repo.dir, store).load(['kb']);
    assert.ok(existsSync(join(repo.dir, '.git', 'baton', 'history.jsonl')));
    repo.write({ 'deploy/app.yaml': 'replicas: 3\n' }).commit('扩容', iso(1));
    const git = countingGit(repo.dir);
    const next = await new HistoryLoader(git, repo.dir, store).load(['kb']);
    assert.ok(next.ok && next.reused === 'extended', 'a new process reads only the new commits');
    assert.ok(git.calls.filter((c) => c.includes('log')).every((c) => c.some((a) => a.endsWith(`..${repo.head()}`))));
  });

  it('detects a shallow clone: baton stale exits 2 and says to fetch the whole history, and --allow-shallow checks what is there', async () => {
    repo = new TempRepo();
    repo.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n'), 'kb/old.md': doc('KB-0003', 'covers:\n  - old/**\n'), 'deploy/app.yaml': 'replicas: 2\n' });
    repo.commit('初始', iso(0));
    repo.write({ 'deploy/app.yaml': 'replicas: 3\n' }).commit('扩容', iso(10));
    repo.write({ 'kb/other.md': doc('KB-0002', 'covers:\n  - other/**\n') }).commit('另一篇', iso(11));
    const clone = new TempRepo(mkdtempSync(join(tmpdir(), 'baton-shallow-')).replace(/\\/g, '/'));
    try {
      execFileSync('git', ['clone', '-q', '--depth', '3', `file://${repo.dir}`, clone.dir], { stdio: 'ignore' });
      const strict = await runCli(clone.dir, ['stale', '--now', iso(40)]);
      assert.equal(strict.code, 2, strict.stderr);
      assert.match(strict.stderr, /shallow clone/);
      assert.match(strict.stderr, /fetch-depth: 0/);
      assert.match(strict.stderr, /--allow-shallow/);

      const allowed = await runCli(clone.dir, ['stale', '--now', iso(40), '--allow-shallow', '--format', 'json']);
      const rows = JSON.parse(allowed.stdout) as Array<{ file: string; state: string; change: { subject: string } | null }>;
      // The change is inside the fetched history and no update follows it: stale for sure. A document
      // added inside it is known; one whose last update lies beyond the cut-off is not.
      assert.deepEqual(rows.map((r) => [r.file, r.state, r.change?.subject ?? null]), [
        ['kb/deploy.md', 'stale', '扩容'],
        ['kb/old.md', 'unknown', null],
        ['kb/other.md', 'fresh', null],
      ]);
      assert.equal(allowed.code, 1);
      assert.match(allowed.stderr, /fetch-depth: 0/);
    } finally {
      clone.remove();
    }
  });

  it('without git, or outside a repository, says so once and every other rule still runs', async () => {
    basic();
    const engine = await openRepoEngine(repo.dir, new Date(T0 + 40 * H), false);
    try {
      const report = await updateFreshness(engine, { fetch: true });
      assert.equal(report.available, false);
      assert.match(report.message!.text, /git is not available/);
      assert.deepEqual(engine.allFindings().filter((f) => f.ruleId === 'stale' || f.ruleId === 'pending'), []);
    } finally {
      engine.dispose();
    }

    const plain = mkdtempSync(join(tmpdir(), 'baton-nogit-'));
    const bare = new TempRepo(plain);
    try {
      bare.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n', '见 [缺失](missing.md)。') });
      const lint = await runCli(plain, ['lint']);
      assert.equal(lint.code, 1, 'the broken link is still an error');
      assert.match(lint.stdout, /broken-link/);
      assert.equal(lint.stderr.match(/not in a git repository/g)?.length, 1, lint.stderr);
      const stale = await runCli(plain, ['stale']);
      assert.equal(stale.code, 2);
      assert.match(stale.stderr, /not in a git repository/);
    } finally {
      bare.remove();
    }
  });

  it('treats a file named --output=x as a file, never as an option', async () => {
    repo = new TempRepo();
    repo.write({ 'kb/--output=x.md': doc('KB-0001', 'covers:\n  - "deploy/--output=x"\n'), 'deploy/--output=x': 'a: 1\n' }).commit('初始', iso(0));
    repo.write({ 'deploy/--output=x': 'a: 2\n' }).commit('改配置', iso(1));
    repo.write({ 'kb/--output=x.md': doc('KB-0001', 'covers:\n  - "deploy/--output=x"\n', '正在更新。') });
    const engine = await openRepoEngine(repo.dir, new Date(T0 + 30 * H));
    try {
      const report = await updateFreshness(engine, { fetch: true, workingTree: true });
      const f = report.documents.get(`${repo.dir}/kb/--output=x.md`)!;
      assert.equal(f.state, 'stale');
      assert.deepEqual(f.change?.paths, ['deploy/--output=x']);
      assert.equal(f.updating, true, 'its uncommitted edit was seen through a path after --');
    } finally {
      engine.dispose();
    }
    const cli = await runCli(repo.dir, ['stale', '--now', iso(30), '--format', 'json', '--', 'kb/--output=x.md']);
    assert.equal(cli.code, 1, cli.stderr);
    assert.equal(JSON.parse(cli.stdout)[0].file, 'kb/--output=x.md');
    assert.deepEqual(readdirSync(repo.dir).filter((n) => n === 'x'), [], 'no file "x" was written by an option');
  });
});
