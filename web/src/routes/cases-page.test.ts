import { describe, expect, it } from 'vitest';
import { caseIdFromPath } from './cases-page.tsx';

describe('caseIdFromPath', () => {
  it('reads /cases/:id and nothing else', () => {
    expect(caseIdFromPath('/cases/01JABC')).toBe('01JABC');
    expect(caseIdFromPath('/cases/01JABC/')).toBe('01JABC');
    expect(caseIdFromPath('/cases')).toBeNull();
    expect(caseIdFromPath('/cases/a/b')).toBeNull();
    expect(caseIdFromPath('/c/01JABC')).toBeNull();
  });
});
