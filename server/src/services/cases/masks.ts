/**
 * Masked forms of subject field values for subject cards: enough to tell values apart, never
 * enough to use them — `▪▪▪.▪▪▪.▪▪▪.44`, `j▪▪▪@example.com`, `+1 ▪▪▪-▪▪▪-0147`, `J▪▪▪ D▪▪▪`.
 */
import { checkSubjectValue } from '@enclave/pii';

const M = '▪▪▪';

/** Masks `value` of subject field `field` (see module doc). Never returns the whole value. */
export function maskField(field: string, value: string): string {
  const v = value.trim();
  switch (field) {
    case 'email': {
      const at = v.lastIndexOf('@');
      return at > 0 ? `${v.slice(0, 1).toLowerCase()}${M}${v.slice(at).toLowerCase()}` : M;
    }
    case 'phone': {
      const c = checkSubjectValue('phone', v);
      const digits = v.replace(/\D/g, '');
      if (c.phone) return `+${c.phone.countryCode} ${M}-${M}-${c.phone.nationalNumber.slice(-4)}`;
      return digits.length >= 6 ? `${M}-${digits.slice(-2)}` : M;
    }
    case 'ipAddresses': {
      if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) return `${M}.${M}.${M}.${v.split('.')[3] ?? ''}`;
      if (v.includes(':')) return `${M}:…:${v.split(':').pop() ?? ''}`;
      return M;
    }
    case 'displayName':
      return v
        .split(/\s+/)
        .map((w) => `${[...w][0] ?? ''}${M}`)
        .join(' ');
    case 'country':
    case 'city':
    case 'dateOfBirth':
      return M;
    default:
      return v.length > 6 ? `${[...v][0] ?? ''}${M}${v.slice(-2)}` : M;
  }
}
