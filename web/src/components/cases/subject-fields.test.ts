import { describe, expect, it } from 'vitest';
import { fieldName, maskedValues } from './subject-fields.tsx';

describe('maskedValues', () => {
  it('splits multi-valued fields into one entry per value and leaves single fields whole', () => {
    expect(maskedValues('ipAddresses', '▪▪▪.▪▪▪.▪▪▪.44, ▪▪▪.▪▪▪.▪▪▪.45')).toEqual(['▪▪▪.▪▪▪.▪▪▪.44', '▪▪▪.▪▪▪.▪▪▪.45']);
    expect(maskedValues('deviceIds', 'd▪▪▪1')).toEqual(['d▪▪▪1']);
    expect(maskedValues('displayName', 'D▪▪, J▪▪▪')).toEqual(['D▪▪, J▪▪▪']);
  });

  it('names fields in words', () => {
    expect(fieldName('ipAddresses')).toBe('IP address');
    expect(fieldName('email')).toBe('E-mail');
    expect(fieldName('somethingNew')).toBe('somethingNew');
  });
});
