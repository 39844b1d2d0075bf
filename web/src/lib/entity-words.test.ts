import { describe, expect, it } from 'vitest';
import { entityLegend, entityNoun, entityWords } from './entity-words.ts';

// PRODUCT.md "Entity types (first set)".
const FIRST_SET = ['PERSON', 'USERNAME', 'EMAIL_ADDRESS', 'PHONE_NUMBER', 'IP_ADDRESS', 'DEVICE_ID', 'MAC_ADDRESS', 'CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'US_DRIVER_LICENSE', 'US_PASSPORT', 'PASSPORT', 'DATE_OF_BIRTH', 'STREET_ADDRESS', 'LOCATION', 'GEO_COORDINATES', 'URL', 'KNOWN_SUBJECT'];

describe('entity types in words', () => {
  it('every type of the first set reads as words, never as its code', () => {
    for (const t of FIRST_SET) {
      const w = entityWords(t);
      expect(w.label).not.toMatch(/_|^[A-Z_]+$/);
      expect(w.label).not.toContain(t);
      expect(w.icon.length).toBeGreaterThan(0);
    }
    expect(entityWords('PHONE_NUMBER').label).toBe('Phone number');
    expect(entityWords('US_DRIVER_LICENSE').label).toBe("Driver's licence");
  });

  it('running text lower-cases words but keeps acronyms', () => {
    expect(entityNoun('PHONE_NUMBER')).toBe('phone number');
    expect(entityNoun('MAC_ADDRESS')).toBe('MAC address');
    expect(entityNoun('KNOWN_SUBJECT')).toBe("case subject's data");
  });

  it('the legend lists each kind once', () => {
    const labels = entityLegend().map((e) => e.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toContain('E-mail address');
  });
});
