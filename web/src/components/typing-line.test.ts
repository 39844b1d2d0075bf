import { describe, expect, it } from 'vitest';
import { typingText } from './typing-line.tsx';

describe('typingText', () => {
  it('names one or two people, then says several', () => {
    expect(typingText([])).toBe('');
    expect(typingText(['Ada'])).toBe('Ada is typing…');
    expect(typingText(['Ada', 'Bob'])).toBe('Ada and Bob are typing…');
    expect(typingText(['Ada', 'Bob', 'Cy'])).toBe('Several people are typing…');
  });
});
