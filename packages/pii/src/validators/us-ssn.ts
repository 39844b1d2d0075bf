/**
 * US Social Security Number structure rules (SSA, https://www.ssa.gov/employer/randomization.html
 * and https://www.ssa.gov/history/ssn/misused.html): area not 000, 666 or 900–999; group not 00;
 * serial not 0000; plus numbers known to be invalid or publicly misused (078-05-1120, 219-09-9999,
 * 123-45-6789) and all-same-digit numbers.
 * @param d nine ASCII digits.
 */
export function ssnValid(d: string): boolean {
  if (d.length !== 9) return false;
  const area = d.slice(0, 3);
  if (area === '000' || area === '666' || d[0] === '9') return false;
  if (d.slice(3, 5) === '00' || d.slice(5) === '0000') return false;
  if (d === '078051120' || d === '219099999' || d === '123456789') return false;
  return !/^(\d)\1{8}$/.test(d);
}
