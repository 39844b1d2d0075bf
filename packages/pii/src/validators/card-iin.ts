/**
 * Payment card issuer identification (IIN) ranges and lengths, from ISO/IEC 7812 and the public
 * brand rules summarized at https://en.wikipedia.org/wiki/Payment_card_number (Visa, Mastercard,
 * American Express, Discover, JCB, Diners Club, Maestro, UnionPay, Mir, UATP).
 * @param d the card number's digits (12–19).
 * @returns the brand name, or undefined when no brand issues that prefix at that length.
 */
export function cardBrand(d: string): string | undefined {
  const len = d.length;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  const p6 = Number(d.slice(0, 6));
  if (d[0] === '4' && (len === 13 || len === 16 || len === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && len === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && len === 15) return 'amex';
  if ((p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (p6 >= 622126 && p6 <= 622925)) && len >= 16 && len <= 19)
    return 'discover';
  // JCB: 3528–3589 assigned; the whole 35 range is accepted (test generators use it), plus the
  // legacy 15-digit JCB prefixes 2131 and 1800
  if (p2 === 35 && len >= 16 && len <= 19) return 'jcb';
  if ((p4 === 2131 || p4 === 1800) && len === 15) return 'jcb';
  if (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) && len >= 14 && len <= 19) return 'diners';
  if (p4 >= 2200 && p4 <= 2204 && len >= 16 && len <= 19) return 'mir';
  if (p2 === 62 && len >= 16 && len <= 19) return 'unionpay';
  if ((p2 === 50 || (p2 >= 56 && p2 <= 69)) && len >= 12 && len <= 19) return 'maestro';
  if (d[0] === '1' && len === 15) return 'uatp';
  return undefined;
}
