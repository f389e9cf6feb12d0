// Messages stay data in the engine; the CLI and the extension translate them.
import type { Message } from './types';

/** Marks an English message for translation. `{0}`, `{1}` are filled from `args`. */
export function msg(text: string, ...args: Array<string | number>): Message {
  return args.length > 0 ? { text, args } : { text };
}

/** Fills `{n}` slots; the edge passes a translated template. */
export function format(template: string, args: ReadonlyArray<string | number> = []): string {
  return template.replace(/\{(\d+)\}/g, (whole, n: string) => {
    const value = args[Number(n)];
    return value === undefined ? whole : String(value);
  });
}
