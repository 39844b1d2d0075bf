import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../api/cases-endpoints.ts';
import { boardOrder } from './board-page.tsx';

function c(number: number, over: Partial<CaseSummary>): CaseSummary {
  return {
    id: `c${number}`,
    number,
    category: 'harassment',
    status: 'open',
    priority: 'normal',
    queue: 'general',
    assignees: [],
    watchers: [],
    roomChannelId: null,
    dueAt: null,
    overdue: false,
    createdAt: `2026-01-0${number}T00:00:00.000Z`,
    subjects: [],
    ...over,
  };
}

describe('boardOrder', () => {
  it('puts unassigned cases first, then overdue ones, then the oldest', () => {
    const list = [c(1, { assignees: ['u1'] }), c(2, { assignees: ['u1'], overdue: true }), c(3, {}), c(4, { overdue: true }), c(5, {})];
    expect(list.sort(boardOrder).map((x) => x.number)).toEqual([4, 3, 5, 2, 1]);
  });
});
