// Setting up a workspace: the starter config is valid, and copying the starter KB never
// overwrites a file already there. CODEOWNERS owners for completion.
import { strict as assert } from 'node:assert';
import { parseConfig } from '../../extension/core/config';
import { parseCodeowners, readCodeowners } from '../../extension/core/codeowners';
import { copyTree, createConfig, starterConfigText } from '../../extension/core/starter-kb';
import { memoryHost } from './helpers/memory-host';

describe('starter KB', () => {
  it('writes a config that the config schema accepts', () => {
    const { config, problems } = parseConfig('/repo/baton.config.json', starterConfigText());
    assert.deepEqual(problems, []);
    assert.deepEqual(config.roots, ['kb']);
    assert.equal(config.templates, 'kb/_templates');
    assert.equal(parseConfig('/x', starterConfigText(['docs'])).config.templates, 'docs/_templates');
  });

  it('creates baton.config.json only when there is none', async () => {
    const host = memoryHost({ '/repo/baton.config.json': '{"roots":["notes"]}' });
    assert.equal(await createConfig(host.fs, '/repo'), false);
    assert.equal(host.fs.text('/repo/baton.config.json'), '{"roots":["notes"]}');
    assert.equal(await createConfig(host.fs, '/other'), true);
    assert.deepEqual(JSON.parse(host.fs.text('/other/baton.config.json')).roots, ['kb']);
  });

  it('copies the starter KB, keeping every file that already exists', async () => {
    const host = memoryHost({
      '/ext/kb/README.md': '# 导航',
      '/ext/kb/01-系统架构/总体设计.md': '# 总体设计',
      '/ext/kb/06-案例库/CASE-2026-001.md': '# 案例',
      '/ws/kb/README.md': '# 我们自己的导航',
    });
    const result = await copyTree(host.fs, '/ext/kb', '/ws/kb');
    assert.deepEqual(result.created, ['01-系统架构/总体设计.md', '06-案例库/CASE-2026-001.md']);
    assert.deepEqual(result.kept, ['README.md']);
    assert.equal(host.fs.text('/ws/kb/README.md'), '# 我们自己的导航');
    assert.equal(host.fs.text('/ws/kb/01-系统架构/总体设计.md'), '# 总体设计');
    const again = await copyTree(host.fs, '/ext/kb', '/ws/kb');
    assert.deepEqual(again.created, []);
  });
});

describe('CODEOWNERS', () => {
  it('reads users, teams and e-mail addresses, skipping comments and GitLab sections', () => {
    const text = '# owners\n* @lead\n/kb/ @org/support-team @lead # trailing\n[Docs] @docs\n/docs/ dev@example.com\n\n*.md\n';
    assert.deepEqual(parseCodeowners(text), ['lead', 'org/support-team', 'dev@example.com']);
  });

  it('reads the first file of the usual locations', async () => {
    const host = memoryHost({ '/repo/CODEOWNERS': '* @root', '/repo/.github/CODEOWNERS': '* @gh' });
    assert.deepEqual(await readCodeowners(host.fs, '/repo'), ['gh']);
    assert.deepEqual(await readCodeowners(memoryHost({}).fs, '/repo'), []);
  });
});
