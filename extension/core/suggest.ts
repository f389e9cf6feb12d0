// "Did you mean": the closest candidate by edit distance, over a small candidate set.

export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // A shared start and end cost nothing, and typos leave most of a name alone: only the
  // middle needs the table, which keeps "did you mean" cheap in folders of many files.
  let start = 0;
  while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  if (n === 0 || m === 0) return Math.max(n, m) <= max ? Math.max(n, m) : max + 1;
  // Only cells within `max` of the diagonal can lead to a distance within `max` (Ukkonen's band).
  const band = max < m || max < n ? max : Math.max(n, m);
  const far = band + 1;
  if (rowA.length <= m) {
    rowA = new Int32Array(m + 64);
    rowB = new Int32Array(m + 64);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= m; j++) prev[j] = j <= band ? j : far;
  for (let i = 1; i <= n; i++) {
    const lo = i - band > 1 ? i - band : 1;
    const hi = i + band < m ? i + band : m;
    cur[lo - 1] = lo === 1 && i <= band ? i : far;
    let best = cur[lo - 1];
    const ca = a.charCodeAt(start + i - 1);
    for (let j = lo; j <= hi; j++) {
      const replace = prev[j - 1] + (ca === b.charCodeAt(start + j - 1) ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      let v = replace < del ? (replace < ins ? replace : ins) : del < ins ? del : ins;
      if (v > far) v = far;
      cur[j] = v;
      if (v < best) best = v;
    }
    if (hi < m) cur[hi + 1] = far;
    if (best > max) return max + 1;
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  return prev[m] <= max ? prev[m] : max + 1;
}

/** Rows reused between calls: "did you mean" runs this a million times over a large KB. */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/**
 * The candidate closest to `word`, if it is close enough to be a likely typo. Of candidates
 * equally close the first wins, or with `ties: 'least'` the least in code-unit order, for
 * candidates whose order is not fixed (ids in the order documents were indexed).
 */
export function closest(word: string, candidates: Iterable<string>, limit = Math.max(1, Math.floor(word.length / 4)), ties: 'first' | 'least' = 'first'): string | undefined {
  let best: string | undefined;
  let bestDistance = limit + 1;
  const lower = word.toLowerCase();
  const least = ties === 'least';
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const d = editDistance(lower, candidate.toLowerCase(), least && best !== undefined ? bestDistance : bestDistance - 1);
    if (d < bestDistance || (least && d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
