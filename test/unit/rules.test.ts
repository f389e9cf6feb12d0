// Each rule against fixtures it must flag (at the expected positions) and fixtures it must pass.
// A fixture folder is one small KB: workspace rules see all of its documents.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../extension/core/engine';
import { RULES } from '../../extension/core/rules';
import { format } from '../../extension/core/message';
import { memoryHost } from './helpers/memory-host';

const FIXTURES = join(__dirname, '..', 'fixtures', 'rules');

interface Expected {
  line: number;
  column?: number;
  contains: string;
}

function load(dir: string, prefix = ''): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(files, load(full, `${prefix}${name}/`));
    else if (name !== 'expect.json') files[`/repo/kb/${prefix}${name}`] = readFileSync(full);
  }
  return files;
}

async function lintFixture(dir: string) {
  const host = memoryHost(load(dir));
  const engine = await Engine.open(host, '/repo');
  await engine.scan();
  return engine.allFindings();
}

describe('rules against fixtures', () => {
  const ruleDirs = readdirSync(FIXTURES);

  it('every rule has fixtures to flag and to pass', () => {
    const ids = RULES.map((r) => r.id);
    const missing = ids.filter((id) => !ruleDirs.includes(id) && FIXTURE_OWNED_ELSEWHERE.indexOf(id) === -1);
    assert.deepEqual(missing, [], `rules without fixtures: ${missing.join(', ')}`);
  });

  for (const rule of ruleDirs) {
    describe(rule, () => {
      it('passes the pass fixtures', async () => {
        const findings = (await lintFixture(join(FIXTURES, rule, 'pass'))).filter((f) => f.ruleId === rule);
        assert.deepEqual(
          findings.map((f) => `${f.file}:${f.range.line}: ${format(f.message.text, f.message.args)}`),
          [],
        );
      });

      it('flags the flag fixtures where expected', async () => {
        const dir = join(FIXTURES, rule, 'flag');
        const expected = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as Record<string, Expected[]>;
        const findings = (await lintFixture(dir)).filter((f) => f.ruleId === rule);
        for (const [file, wants] of Object.entries(expected)) {
          const got = findings.filter((f) => f.file === `/repo/kb/${file}`);
          const shown = got.map((f) => `${f.range.line}:${f.range.column} ${format(f.message.text, f.message.args)}`);
          assert.equal(got.length, wants.length, `${file}: expected ${wants.length} findings, got ${JSON.stringify(shown)}`);
          for (const want of wants) {
            const match = got.find((f) => f.range.line === want.line && (want.column === undefined || f.range.column === want.column) && format(f.message.text, f.message.args).includes(want.contains));
            assert.ok(match, `${file}: no finding at ${want.line}:${want.column ?? '*'} containing ${want.contains}; got ${JSON.stringify(shown)}`);
          }
        }
        const files = Object.keys(expected).map((f) => `/repo/kb/${f}`);
        const stray = findings.filter((f) => !files.includes(f.file));
        assert.deepEqual(stray.map((f) => f.file), [], 'findings in files without expectations');
        assert.ok(existsSync(dir));
      });
    });
  }
});

/** Rules whose fixtures live with their own feature's tests (they need git or a clock). */
const FIXTURE_OWNED_ELSEWHERE: string[] = ['stale', 'pending', 'covers-unmatched'];
