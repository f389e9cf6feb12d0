// How a secret is shown to people: never whole. Long secrets keep their first 4
// characters; short ones keep less, so a 4-character password is not printed in full.

export const MASK = '****';

export function maskSecret(secret: string): string {
  const chars = [...secret];
  const shown = chars.length >= 12 ? 4 : Math.floor(chars.length / 3);
  return chars.slice(0, shown).join('') + MASK;
}
