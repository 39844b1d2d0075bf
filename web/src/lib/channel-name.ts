/** Channel name rules as the create dialog checks them while typing (the server decides: `server/src/services/chat/channel-names.ts`). */

/** What is wrong with a new channel name (the server's rules, `services/chat/channel-names.ts`), or null. */
export function nameProblem(input: string): string | null {
  const name = input.trim().replace(/^#/, '');
  if (name === '') return null;
  if (/\s/u.test(name)) return 'No spaces: use - or _ between words.';
  if (name !== name.toLowerCase()) return 'Use lower-case letters.';
  if (!/^[\p{Ll}\p{Lo}\p{Lm}\p{Mn}\p{Nd}_.-]+$/u.test(name)) return 'Only letters, digits, - _ and . are allowed.';
  return null;
}
