/**
 * ISO 7064 MOD 97-10 check as used by IBAN (ISO 13616-1 §6): move the first four characters to the
 * end, map letters A=10 … Z=35, and the resulting integer mod 97 must be 1.
 * @param iban upper-case alphanumerics, no spaces.
 */
export function ibanMod97Valid(iban: string): boolean {
  if (iban.length < 5) return false;
  const s = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}
