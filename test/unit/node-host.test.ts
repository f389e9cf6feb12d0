// The Node.js host's file systems: the CLI's stats synchronously and must answer as the editor's.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { blockingFileSystem, nodeFileSystem } from '../../extension/node-host/node-host';
import { removeDir, tempDir } from './helpers/temp-kb';

describe('node host', () => {
  let dir: string;
  afterEach(() => dir && removeDir(dir));

  it('stats synchronously for the CLI with the same answers as the editor: a file, a folder, nothing', async () => {
    dir = tempDir({ 'kb/a.md': '# 一\n', 'kb/sub/b.md': '二' });
    const paths = ['kb/a.md', 'kb/sub', 'kb/missing.md', 'kb/a.md/below-a-file', ''].map((p) => join(dir, p));
    const blocking = await Promise.all(paths.map((p) => blockingFileSystem.stat(p)));
    const editor = await Promise.all(paths.map((p) => nodeFileSystem.stat(p)));
    assert.deepEqual(blocking, editor);
    assert.deepEqual(
      blocking.map((s) => s && [s.isFile, s.isDirectory]),
      [[true, false], [false, true], undefined, undefined, [false, true]],
    );
    assert.equal(blocking[0]!.size, 6);
  });
});
