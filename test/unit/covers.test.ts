// `covers` globs: the shortcut for `folder/**` matches exactly what picomatch matches.
import { strict as assert } from 'node:assert';
import picomatch from 'picomatch';
import { compileGlob, GlobIndex } from '../../extension/core/freshness/covers';

const GLOBS = ['src/a/**', 'src/a/**/', 'src/a-b.c/**', 'deploy/**', 'src/**/x/**', 'src/a/*', 'src/a/**/*.ts', 'src/[ab]/**', 'src/{a,b}/**', 'src/a\\*/**', '**', 'src/网关/**'];
const PATHS = ['src/a', 'src/a/x', 'src/a/.x/y', 'src/ab', 'src/ab/x', 'src/a/x/y.ts', 'src/a-b.c/z', 'src/a-bxc/z', 'deploy/k8s/a.yaml', 'deploy', 'deployx/a', 'src/b/x/q', 'src/a*/q', 'src/网关/nginx.conf', 'other', '.hidden/a'];

describe('covers globs', () => {
  it('match what picomatch matches, folder/** included', () => {
    const index = new GlobIndex(PATHS);
    for (const glob of GLOBS) {
      const matcher = picomatch(glob, { dot: true });
      const want = PATHS.filter((p) => matcher(p));
      assert.deepEqual(PATHS.filter((p) => compileGlob(glob).test(p)), want, glob);
      assert.deepEqual([...index.match(glob)].sort(), [...want].sort(), `${glob} through the index`);
    }
  });

  it('take a plain folder or file name as everything inside it', () => {
    assert.deepEqual(PATHS.filter((p) => compileGlob('src/a').test(p)), ['src/a', 'src/a/x', 'src/a/.x/y', 'src/a/x/y.ts']);
    assert.deepEqual(PATHS.filter((p) => compileGlob('deploy/').test(p)), ['deploy/k8s/a.yaml', 'deploy']);
  });

  it('take the empty pattern (`covers: .` at the top level) as the whole repository', () => {
    assert.deepEqual(PATHS.filter((p) => compileGlob('').test(p)), PATHS);
    assert.deepEqual([...new GlobIndex(PATHS).match('')].sort(), [...PATHS].sort());
  });
});
