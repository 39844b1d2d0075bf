import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SubjectHoldNote } from '../components/cases/subject-hold-note.tsx';
import { legalHoldText } from './legal-hold-text.ts';

describe('legal hold on a subject card', () => {
  it('says nothing without an active hold', () => {
    expect(legalHoldText(null)).toBeNull();
    expect(legalHoldText(undefined)).toBeNull();
    expect(legalHoldText({ subjectSince: null, cases: [] })).toBeNull();
    expect(renderToStaticMarkup(createElement(SubjectHoldNote, { hold: null }))).toBe('');
  });

  it('names the subject hold and each held case with its date', () => {
    const text = legalHoldText({ subjectSince: '2026-12-01T10:00:00.000Z', cases: [{ caseId: 'c1', number: 12, since: '2026-12-03T23:30:00.000Z' }] });
    expect(text).toBe('On legal hold: this person since 1 Dec 2026 · case #12 since 3 Dec 2026. Their data is kept (no erasure, no retention purge) until every hold is lifted.');
    const html = renderToStaticMarkup(createElement(SubjectHoldNote, { hold: { subjectSince: null, cases: [{ caseId: 'c1', number: 7, since: '2026-12-03T00:00:00.000Z' }] } }));
    expect(html).toContain('<span class="badge">legal hold</span>');
    expect(html).toContain('case #7 since 3 Dec 2026');
  });
});
