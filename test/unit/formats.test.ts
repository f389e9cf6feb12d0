// Output formats for CI: SARIF and GitLab Code Quality validated against their schemas (kept in
// test/fixtures/schemas), JUnit parsed as strict XML, and GitHub workflow commands decoded the
// way the runner decodes them.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { formatGithub } from '../../extension/cli/formatters/github';
import { formatGitlab } from '../../extension/cli/formatters/gitlab';
import { formatJunit } from '../../extension/cli/formatters/junit';
import { translator } from '../../extension/cli/l10n';
import type { Finding } from '../../extension/core/types';
import { article, removeDir, runCli, tempDir } from './helpers/temp-kb';
import { parseXml, type XmlElement } from './helpers/xml-tree';

const SCHEMAS = join(__dirname, '..', 'fixtures', 'schemas');

function sarifValidator() {
  // The published SARIF 2.1.0 schema is draft-04, which Ajv 8 reads through ajv-draft-04.
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, 'sarif-schema-2.1.0.json'), 'utf8')));
}

function gitlabValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, 'gitlab-code-quality.schema.json'), 'utf8')));
}

/** A KB with errors, warnings and info of several rules, in files whose names need escaping. */
function messyKb(): string {
  return tempDir({
    'kb/故障 处理/a b.md': article('KB-0001', '一', '见 [x](missing.md)，又见 [x](missing.md)。').replace('status: published', 'status: finished'),
    'kb/b.md': article('KB-0002', '二', '见 [一](故障%20处理/a%20b.md#不存在)。'),
    'kb/c.md': article('KB-0002', '重复'),
    'kb/draft.md': article('KB-0004', '草稿', 'TODO').replace('status: published', 'status: draft'),
    'kb/clean.md': article('KB-0005', '干净'),
  });
}

const ctx = { display: (f: string) => f.replace(/^\/repo\//, ''), t: translator('en'), color: false };
const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'broken-link',
  severity: 'error',
  file: '/repo/kb/a.md',
  range: { line: 3, column: 1, endLine: 3, endColumn: 9 },
  message: { text: 'Broken link: "{0}" does not exist', args: ['x.md'] },
  ...over,
});

describe('SARIF output', () => {
  let dir: string;
  afterEach(() => dir && removeDir(dir));

  it('validates against the published SARIF 2.1.0 schema', async () => {
    dir = messyKb();
    const r = await runCli(dir, ['lint', '--format', 'sarif']);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    const rules = new Set(log.runs[0].results.map((x: { ruleId: string }) => x.ruleId));
    for (const rule of ['schema', 'broken-link', 'unique-id', 'empty-section']) assert.ok(rules.has(rule), `${rule} in ${[...rules].join(', ')}`);
    assert.ok(log.runs[0].results.some((x: { relatedLocations?: unknown[] }) => x.relatedLocations?.length), 'a result with related locations');
    assert.ok(log.runs[0].results.some((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0].physicalLocation.artifactLocation.uri === encodeURI('kb/故障 处理/a b.md')));
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  });

  it('validates an empty run too, and the validator does reject a broken log', async () => {
    dir = tempDir({ 'kb/a.md': article('KB-0001', '一') });
    const r = await runCli(dir, ['lint', '--format', 'sarif']);
    assert.equal(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout) as { version: string; runs: Array<Record<string, unknown>> };
    assert.deepEqual(log.runs[0].results, []);
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors));
    const { version: _version, ...noVersion } = log;
    assert.equal(validate(noVersion), false);
    assert.equal(validate({ ...log, runs: [{ ...log.runs[0], results: [{ message: { text: 'x' }, level: 'fatal' }] }] }), false);
  });
});

describe('GitLab Code Quality output', () => {
  let dir: string;
  afterEach(() => dir && removeDir(dir));

  it('validates against the Code Quality report schema, with unique fingerprints', async () => {
    dir = messyKb();
    const r = await runCli(dir, ['lint', '--format', 'gitlab']);
    assert.equal(r.code, 1, r.stderr);
    const issues = JSON.parse(r.stdout) as Array<{ check_name: string; severity: string; fingerprint: string; location: { path: string; lines: { begin: number } } }>;
    const validate = gitlabValidator();
    assert.ok(validate(issues), JSON.stringify(validate.errors, null, 2));
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length, 'fingerprints are unique');
    // The same broken link twice in one file: two issues, two fingerprints.
    const twins = issues.filter((i) => i.check_name === 'baton/broken-link' && i.location.path === 'kb/故障 处理/a b.md');
    assert.equal(twins.length, 2);
    assert.equal(issues.find((i) => i.check_name === 'baton/schema')?.severity, 'major');
    assert.equal(issues.find((i) => i.check_name === 'baton/empty-section')?.severity, 'info');
    // The validator is not vacuous.
    assert.equal(validate([{ ...issues[0], severity: 'fatal' }]), false);
    assert.equal(validate([{ ...issues[0], location: { path: './kb/a.md', lines: { begin: 1 } } }]), false);
    assert.equal(validate([{ ...issues[0], location: { path: 'kb/a.md' } }]), false);
  });

  it('keeps a fingerprint when lines are added above the finding, and tells identical findings apart', () => {
    const one = JSON.parse(formatGitlab([finding({})], ctx));
    const moved = JSON.parse(formatGitlab([finding({ range: { line: 13, column: 1, endLine: 13, endColumn: 9 } })], ctx));
    assert.equal(moved[0].fingerprint, one[0].fingerprint);
    assert.equal(moved[0].location.lines.begin, 13);
    const other = JSON.parse(formatGitlab([finding({ message: { text: 'Broken link: "{0}" does not exist', args: ['y.md'] } })], ctx));
    assert.notEqual(other[0].fingerprint, one[0].fingerprint);
    const twice = JSON.parse(formatGitlab([finding({}), finding({ range: { line: 5, column: 1, endLine: 5, endColumn: 9 } })], ctx));
    assert.equal(twice[0].fingerprint, one[0].fingerprint);
    assert.notEqual(twice[1].fingerprint, twice[0].fingerprint);
  });
});

describe('JUnit output', () => {
  let dir: string;
  afterEach(() => dir && removeDir(dir));

  const all = (el: XmlElement, name: string): XmlElement[] => [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];

  it('is well-formed XML: a suite per document, a failure per error or warning, clean documents passing', async () => {
    dir = messyKb();
    const r = await runCli(dir, ['lint', '--format', 'junit']);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse((await runCli(dir, ['lint', '--format', 'json'])).stdout) as Array<{ file: string; severity: string; message: string; ruleId: string }>;
    const root = parseXml(r.stdout);
    assert.equal(root.name, 'testsuites');
    const suites = all(root, 'testsuite');
    assert.deepEqual(suites.map((s) => s.attrs.name).sort(), ['kb/b.md', 'kb/c.md', 'kb/clean.md', 'kb/draft.md', 'kb/故障 处理/a b.md']);
    const failures = all(root, 'failure');
    assert.equal(failures.length, json.filter((f) => f.severity !== 'info').length);
    assert.equal(Number(root.attrs.failures), failures.length);
    assert.equal(Number(root.attrs.tests), all(root, 'testcase').length);
    const clean = suites.find((s) => s.attrs.name === 'kb/clean.md')!;
    assert.deepEqual([clean.attrs.tests, clean.attrs.failures, all(clean, 'failure').length], ['1', '0', 0]);
    // Every error and warning message arrives intact.
    assert.deepEqual(failures.map((f) => f.attrs.message).sort(), json.filter((f) => f.severity !== 'info').map((f) => f.message).sort());
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    const text = 'Bad <b> & "quoted" \'x\' ]]> end\u0001\u001b';
    const xml = formatJunit([finding({ file: '/repo/kb/故障 & <处理>.md', message: { text } })], { ...ctx, files: ['/repo/kb/故障 & <处理>.md', '/repo/kb/ok.md'] });
    const root = parseXml(xml);
    const failure = all(root, 'failure')[0];
    assert.equal(failure.attrs.message, 'Bad <b> & "quoted" \'x\' ]]> end');
    assert.match(failure.text, /kb\/故障 & <处理>\.md:3:1 error: Bad <b> & "quoted" 'x' \]\]> end \(broken-link\)/);
    assert.deepEqual(all(root, 'testsuite').map((s) => s.attrs.name), ['kb/ok.md', 'kb/故障 & <处理>.md']);
  });

  it('has one passing test when nothing was checked', () => {
    const root = parseXml(formatJunit([], { ...ctx, files: [] }));
    assert.deepEqual([root.attrs.tests, root.attrs.failures, all(root, 'testcase').length], ['1', '0', 1]);
  });
});

describe('GitHub workflow commands', () => {
  /** Reads a command line the way the Actions runner does: "::cmd k=v,k=v::message", the first "::" after the start ending the properties. */
  function parseCommand(line: string) {
    const m = /^::(\w+) (.*?)::(.*)$/s.exec(line);
    assert.ok(m, line);
    const unescape = (s: string) => s.replace(/%(25|0D|0A|3A|2C)/g, (_, c: string) => ({ '25': '%', '0D': '\r', '0A': '\n', '3A': ':', '2C': ',' })[c]!);
    const props: Record<string, string> = {};
    for (const pair of m[2].split(',')) {
      const eq = pair.indexOf('=');
      props[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
    }
    return { command: m[1], props, message: m[3].replace(/%(25|0D|0A)/g, (_, c: string) => ({ '25': '%', '0D': '\r', '0A': '\n' })[c]!) };
  }

  it('escapes %, line breaks, : and , so message and path come back exactly', () => {
    const message = 'Done 100%: a, b\nnext line\r\nand %0A literally';
    const file = '/repo/kb/故障 处理/v1: a,b.md';
    const out = formatGithub([finding({ file, message: { text: message }, severity: 'warning' })], ctx);
    const lines = out.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, 'one command per finding, whatever the message holds');
    const parsed = parseCommand(lines[0]);
    assert.equal(parsed.command, 'warning');
    assert.equal(parsed.props.file, 'kb/故障 处理/v1: a,b.md');
    assert.equal(parsed.props.title, 'baton(broken-link)');
    assert.deepEqual([parsed.props.line, parsed.props.col, parsed.props.endLine, parsed.props.endColumn], ['3', '1', '3', '9']);
    assert.equal(parsed.message, message);
  });

  it('names a file with spaces and Chinese characters as it is, from the CLI', async () => {
    const dir = tempDir({ 'kb/故障 处理/部署 说明.md': article('KB-0001', '一', '见 [x](<缺失 文件.md>)。') });
    try {
      const r = await runCli(dir, ['lint', '--format', 'github']);
      assert.equal(r.code, 1);
      const parsed = parseCommand(r.stdout.trimEnd());
      assert.equal(parsed.props.file, 'kb/故障 处理/部署 说明.md');
      assert.match(parsed.message, /^Broken link: "缺失 文件\.md" does not exist/);
    } finally {
      removeDir(dir);
    }
  });
});
