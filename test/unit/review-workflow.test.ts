// The repository's own workflow (.github/workflows/baton.yml): valid YAML with the steps the
// review loop needs, and every `baton` command in it run here, against this repository, the
// way the runner runs it (bash -eo pipefail), with the built CLI.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parseDocument } from 'yaml';
import { CLI_BUNDLE } from './helpers/temp-kb';

const ROOT = join(__dirname, '..', '..');
const WORKFLOW = join(ROOT, '.github', 'workflows', 'baton.yml');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
}

function workflow(): { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> } {
  const doc = parseDocument(readFileSync(WORKFLOW, 'utf8'), { uniqueKeys: true, strict: true, prettyErrors: true });
  assert.deepEqual(doc.errors.map(String), []);
  assert.deepEqual(doc.warnings.map(String), []);
  return doc.toJS();
}

describe('the repository workflow', function () {
  this.timeout(180_000);

  it('is valid YAML that lints, uploads SARIF, checks freshness and owners, and writes the report, on push and pull request', () => {
    const wf = workflow();
    assert.ok('push' in wf.on && 'pull_request' in wf.on);
    assert.equal(wf.permissions['security-events'], 'write');
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    assert.equal(checkout?.with?.['fetch-depth'], 0, 'the whole history, for freshness and the merge base');
    assert.ok(steps.some((s) => s.uses?.startsWith('actions/setup-node@')));
    assert.ok(steps.some((s) => s.run?.trim() === 'npm ci'));
    const runs = steps.map((s) => s.run ?? '');
    for (const command of [/npx baton lint --format github$/, /npx baton lint --format sarif > "\$RUNNER_TEMP\/baton\.sarif"/, /npx baton stale/, /npx baton codeowners --check$/, /npx baton report .*>> "\$GITHUB_STEP_SUMMARY"$/]) {
      assert.ok(runs.some((r) => command.test(r.trim())), `a step runs ${command}`);
    }
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.equal(upload?.with?.sarif_file, '${{ runner.temp }}/baton.sarif');
    // Steps after the lint still run when it finds errors, so the reviewer gets everything.
    for (const s of steps.slice(steps.findIndex((x) => x.run?.includes('--format github')) + 1)) assert.match(s.if ?? '', /!cancelled\(\)/, s.name);
  });

  it('has a GitLab CI snippet in the README that is valid YAML and feeds the Code Quality report', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const after = readme.slice(readme.indexOf('### GitLab CI'));
    const snippet = /```yaml\n([\s\S]*?)```/.exec(after)?.[1];
    assert.ok(snippet, 'a yaml block under "GitLab CI"');
    const doc = parseDocument(snippet, { uniqueKeys: true, strict: true });
    assert.deepEqual(doc.errors.map(String), []);
    const job = (doc.toJS() as Record<string, { script: string[]; artifacts: { reports: Record<string, string> } }>).baton;
    const report = job.artifacts.reports.codequality;
    assert.ok(job.script.some((line) => line.includes('--format gitlab') && line.includes(`> ${report}`)), job.script.join('\n'));
    assert.ok(job.script.some((line) => line.includes('--format junit') && line.includes(`> ${job.artifacts.reports.junit}`)));
    assert.match(readme, /exec npx baton lint --staged/);
  });

  it('runs every baton command in it against this repository', () => {
    assert.ok(existsSync(CLI_BUNDLE), 'the CLI is built (npm run build)');
    const temp = mkdtempSync(join(tmpdir(), 'baton-workflow-'));
    const summary = join(temp, 'summary.md');
    try {
      const steps = Object.values(workflow().jobs).flatMap((j) => j.steps).filter((s) => s.run && /\bbaton\b/.test(s.run));
      assert.ok(steps.length >= 5, `${steps.length} baton steps`);
      for (const step of steps) {
        // The runner's default shell for `run`: bash --noprofile --norc -eo pipefail.
        const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', RUNNER_TEMP: temp, GITHUB_STEP_SUMMARY: summary, NO_COLOR: '1' };
        delete env.GITHUB_BASE_REF;
        const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
        assert.equal(r.status, 0, `${step.name}: ${step.run}\n${r.stdout}\n${r.stderr}`);
      }
      const sarif = JSON.parse(readFileSync(join(temp, 'baton.sarif'), 'utf8'));
      const ajv = new Ajv04({ strict: false });
      addFormats(ajv);
      const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')));
      assert.ok(validate(sarif), JSON.stringify(validate.errors));
      assert.match(readFileSync(summary, 'utf8'), /^## Baton review\n/);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });
});
