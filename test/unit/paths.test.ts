// The forward-slash path helpers: `relative` takes a short cut for a normal path below
// another, and must give what `posix.relative` gives for every pair.
import { strict as assert } from 'node:assert';
import { posix } from 'node:path';
import { relative } from '../../extension/core/paths';

describe('paths', () => {
  it('relative gives what posix.relative gives, short cut or not', () => {
    const segments = ['', '.', '..', 'kb', 'a', 'a.md', '运维', '部署 指南.md', 'kb\\b'];
    // A seeded generator, so a failure can be repeated.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const path = () => {
      const parts = Array.from({ length: 1 + next(4) }, () => segments[next(segments.length)]);
      return (next(8) === 0 ? '' : '/') + parts.join('/') + (next(6) === 0 ? '/' : '');
    };
    const cases: Array<[string, string]> = [
      ['/repo', '/repo/kb/a.md'],
      ['/repo', '/repo'],
      ['/repo', '/repo/'],
      ['/repo/', '/repo/kb'],
      ['/repo', '/repository/kb'],
      ['/repo', '/repo//kb'],
      ['/repo', '/repo/kb/../a.md'],
      ['/repo', '/repo/./kb'],
      ['/repo', '/repo/kb\\a.md'],
      ['/', '/kb/a.md'],
      ['/repo/kb', '/repo'],
    ];
    for (let i = 0; i < 3000; i++) {
      const from = path();
      cases.push([from, from + '/' + path().replace(/^\//, '')], [from, path()]);
    }
    for (const [from, to] of cases) {
      assert.equal(relative(from, to), posix.relative(from.replace(/\\/g, '/'), to.replace(/\\/g, '/')), `relative(${JSON.stringify(from)}, ${JSON.stringify(to)})`);
    }
  });
});
