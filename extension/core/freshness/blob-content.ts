// Whether a change was more than whitespace, without diffing: each blob is read once through
// `git cat-file --batch` and reduced to a key of its text as a whitespace-blind diff
// (`-w --ignore-blank-lines`) sees it. Two versions with the same key differ in whitespace alone.
import { createHash } from 'node:crypto';

/** git's whitespace for `-w`: space, tab, vertical tab, form feed, carriage return. */
const SPACE = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0b, 0x0c, 0x0d]) SPACE[byte] = 1;

/** Reused between blobs up to this size; a larger one gets its own, so the module keeps no large buffer. */
const SCRATCH_MAX = 1 << 20;
let scratch = new Uint8Array(1 << 16);
/** Larger blobs are not kept whole to be keyed: each counts as a change of content. */
export const KEYED_MAX = 32 << 20;
const decoder = new TextDecoder();

/** git takes a blob with a NUL byte among its first 8,000 for binary, and diffs no whitespace in it. */
const BINARY_PROBE = 8000;

/**
 * The key of a blob's content: every line with its whitespace taken out, blank lines left
 * out. A binary blob is keyed by its bytes as they are.
 */
export function contentKey(bytes: Uint8Array): string {
  if (bytes.subarray(0, BINARY_PROBE).indexOf(0) !== -1) return 'b' + createHash('sha1').update(bytes).digest('base64');
  if (scratch.length < bytes.length + 1 && bytes.length < SCRATCH_MAX) scratch = new Uint8Array(bytes.length + 1);
  const out = scratch.length > bytes.length ? scratch : new Uint8Array(bytes.length + 1);
  let n = 0;
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x0a) {
      if (n > lineStart) out[n++] = 0x0a;
      lineStart = n;
    } else if (SPACE[byte] === 0) {
      out[n++] = byte;
    }
  }
  if (n > lineStart) out[n++] = 0x0a;
  return 't' + createHash('sha1').update(out.subarray(0, n)).digest('base64');
}

const LF = 0x0a;

/**
 * Reads the output of `git cat-file --batch` as it streams: a header line
 * ("<id> blob <size>", or "<id> missing"), then that many bytes and a newline, for each id asked.
 * `keys` gets each blob's content key; a missing object gets none.
 */
export class BatchReader {
  readonly keys = new Map<string, string>();
  private head: Uint8Array = new Uint8Array(0);
  /** The blob being read; `bytes` only once it spans chunks, and never for one too large to key. */
  private body?: { id: string; length: number; bytes?: Uint8Array; filled: number; skip: boolean };
  /** The newline after a body, still to skip. */
  private trailer = false;

  /** `keyedMax`: the largest blob keyed by its content; a larger one is read past and gets a key of its own. */
  constructor(private readonly keyedMax = KEYED_MAX) {}

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.trailer) {
        if (chunk[at] === LF) at++;
        this.trailer = false;
        continue;
      }
      const body = this.body;
      if (body) {
        const take = Math.min(body.length - body.filled, chunk.length - at);
        if (body.skip) {
          body.filled += take;
          // Its own key, equal to no other blob's.
          if (body.filled === body.length) this.done(body.id, undefined);
        } else if (body.filled === 0 && take === body.length) {
          // The whole blob is in this chunk: keyed where it lies.
          this.done(body.id, chunk.subarray(at, at + take));
        } else {
          body.bytes ??= new Uint8Array(body.length);
          body.bytes.set(chunk.subarray(at, at + take), body.filled);
          body.filled += take;
          if (body.filled === body.length) this.done(body.id, body.bytes);
        }
        at += take;
        continue;
      }
      const end = chunk.indexOf(LF, at);
      if (end === -1) {
        this.head = concat(this.head, chunk.subarray(at));
        return;
      }
      const line = decoder.decode(concat(this.head, chunk.subarray(at, end)));
      this.head = new Uint8Array(0);
      at = end + 1;
      const [id, type, size] = line.split(' ');
      const length = Number(size);
      if (type === 'missing' || type === 'ambiguous' || !Number.isInteger(length) || length < 0) continue;
      if (length === 0) this.done(id, new Uint8Array(0));
      else this.body = { id, length, filled: 0, skip: length > this.keyedMax };
    }
  }

  private done(id: string, bytes: Uint8Array | undefined): void {
    this.keys.set(id, bytes ? contentKey(bytes) : `large ${id}`);
    this.body = undefined;
    this.trailer = true;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
