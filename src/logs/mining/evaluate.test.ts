import { describe, expect, it } from 'vitest';
import { evaluateParsing, type ParsedLine } from './evaluate.ts';

const line = (truth: string, group: string, template: string): ParsedLine => ({ truth, group, template });

describe('evaluateParsing', () => {
  it('scores a perfect parse 1 on every metric', () => {
    const acc = evaluateParsing([
      line('a <*>', 'g1', 'a <*>'),
      line('a <*>', 'g1', 'a <*>'),
      line('b', 'g2', 'b'),
    ]);
    expect([acc.ga, acc.fga, acc.pa, acc.fta]).toEqual([1, 1, 1, 1]);
  });

  it('GA counts only lines of groups that equal a ground-truth group exactly', () => {
    // Truth: A = {1,2}, B = {3}, C = {4}. Parsed: {1,2} ok; {3,4} merges B and C.
    const acc = evaluateParsing([
      line('A', 'x', 'A'),
      line('A', 'x', 'A'),
      line('B', 'y', 'B'),
      line('C', 'y', 'C'),
    ]);
    expect(acc.ga).toBe(2 / 4);
    // FGA: 1 correct of 2 parsed groups (P = 1/2), of 3 truth groups (R = 1/3): F1 = 0.4.
    expect(acc.fga).toBeCloseTo(0.4, 10);
    expect(acc.counts).toMatchObject({ parsedGroups: 2, truthGroups: 3, exactGroups: 1 });
  });

  it('a split group scores zero GA for all its lines', () => {
    const acc = evaluateParsing([line('A', 'x', 'A'), line('A', 'y', 'A')]);
    expect(acc.ga).toBe(0);
    expect(acc.fga).toBe(0);
    // PA looks at strings only: both lines carry the right template.
    expect(acc.pa).toBe(1);
  });

  it('PA compares template strings exactly, line by line', () => {
    const acc = evaluateParsing([
      line('user <*> logged in', 'g', 'user <*> logged in'),
      line('user <*> logged in', 'g', 'user <*> logged in '),
      line('port <*>', 'h', 'port 22'),
    ]);
    expect(acc.pa).toBeCloseTo(1 / 3, 10);
  });

  it('FTA needs the exact group and the identical template', () => {
    // Group g is exact but its template is wrong for one line; group h is exact and right.
    const acc = evaluateParsing([
      line('T1 <*>', 'g', 'T1 <*>'),
      line('T1 <*>', 'g', 'T1 x'),
      line('T2', 'h', 'T2'),
    ]);
    expect(acc.ga).toBe(1);
    expect(acc.fga).toBe(1);
    // 1 correct template of 2 parsed and 2 true: P = R = 1/2.
    expect(acc.fta).toBe(0.5);
    expect(acc.counts.exactTemplates).toBe(1);
  });

  it('returns zeros for no lines instead of NaN', () => {
    const acc = evaluateParsing([]);
    expect([acc.ga, acc.fga, acc.pa, acc.fta]).toEqual([0, 0, 0, 0]);
  });
});
