import { describe, expect, it } from 'vitest';
import { printableLine, printableLines } from './printable.ts';

describe('printable', () => {
  it('makes cursor movement, line erasure, titles and bells visible instead of acting on the terminal', () => {
    const attack = 'x\u001b[2K\u001b[1A\u001b[2K\rSPOOFED\u0007 \u001b]0;pwned\u0007 \u009b1A';
    const shown = printableLine(attack);
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(shown).toBe('x␛[2K␛[1A␛[2K SPOOFED\ufffd ␛]0;pwned\ufffd \ufffd1A');
  });

  it('folds line breaks in one-line fields, keeps them (and tabs) where several lines are expected', () => {
    expect(printableLine('a\nSummary: 12/12 channels live\r\nb')).toBe('a Summary: 12/12 channels live  b');
    expect(printableLines('a\r\nb\tc\u001b[31m')).toBe('a\nb\tc␛[31m');
  });

  it('leaves ordinary text, including non-ASCII, alone', () => {
    const text = 'npm has no version 1.2.3 of @acme/widget (404) — café ✓';
    expect(printableLine(text)).toBe(text);
  });

  it('makes bidirectional overrides visible (a Trojan Source line reads as its bytes)', () => {
    expect(printableLine('absent\u202e tneserp')).toBe('absent\ufffd tneserp');
    expect(printableLines('a\u2066b\u2069')).toBe('a\ufffdb\ufffd');
  });
});
