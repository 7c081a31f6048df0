/**
 * @module Log-parsing accuracy, as defined by "A Large-scale Evaluation for Log Parsing Techniques:
 * How Far are We?" (ISSTA 2024) and used by Loghub-2.0: grouping accuracy (GA), F1 of grouping
 * accuracy (FGA), parsing accuracy (PA) and F1 of template accuracy (FTA). Pure functions.
 */

/** What a parser said about one line, beside the ground truth for it. */
export interface ParsedLine {
  /** Ground-truth template (its string identifies the ground-truth group). */
  truth: string;
  /** Id of the group the parser put the line in. */
  group: string;
  /** Template string the parser gave that group (for this line). */
  template: string;
}

/** The four metrics, each in [0, 1]. */
export interface ParsingAccuracy {
  /** Share of lines whose parsed group holds exactly the lines of their ground-truth group. */
  ga: number;
  /** F1 over groups: a parsed group is correct when it equals one ground-truth group. */
  fga: number;
  /** Share of lines whose template string equals the ground truth. */
  pa: number;
  /** F1 over templates: correct when the group is exact and its template string identical. */
  fta: number;
  /** Counts behind the figures, for reports. */
  counts: {
    lines: number;
    truthGroups: number;
    parsedGroups: number;
    exactGroups: number;
    exactTemplates: number;
  };
}

function f1(correct: number, predicted: number, actual: number): number {
  if (correct === 0 || predicted === 0 || actual === 0) return 0;
  const precision = correct / predicted;
  const recall = correct / actual;
  return (2 * precision * recall) / (precision + recall);
}

/** Computes GA, FGA, PA and FTA over a parsed data set. */
export function evaluateParsing(lines: readonly ParsedLine[]): ParsingAccuracy {
  const truthSize = new Map<string, number>();
  for (const l of lines) truthSize.set(l.truth, (truthSize.get(l.truth) ?? 0) + 1);

  // Per parsed group: its size, the ground-truth templates it spans and whether every line of it
  // was given the ground-truth template string.
  interface Group {
    size: number;
    truths: Set<string>;
    templatesMatch: boolean;
  }
  const groups = new Map<string, Group>();
  let paCorrect = 0;
  for (const l of lines) {
    let g = groups.get(l.group);
    if (g === undefined) {
      g = { size: 0, truths: new Set(), templatesMatch: true };
      groups.set(l.group, g);
    }
    g.size++;
    g.truths.add(l.truth);
    if (l.template === l.truth) paCorrect++;
    else g.templatesMatch = false;
  }

  let gaCorrect = 0;
  let exactGroups = 0;
  let exactTemplates = 0;
  for (const g of groups.values()) {
    if (g.truths.size !== 1) continue;
    const [truth] = g.truths;
    if (truthSize.get(truth!) !== g.size) continue;
    exactGroups++;
    gaCorrect += g.size;
    if (g.templatesMatch) exactTemplates++;
  }

  const n = lines.length;
  return {
    ga: n === 0 ? 0 : gaCorrect / n,
    fga: f1(exactGroups, groups.size, truthSize.size),
    pa: n === 0 ? 0 : paCorrect / n,
    fta: f1(exactTemplates, groups.size, truthSize.size),
    counts: {
      lines: n,
      truthGroups: truthSize.size,
      parsedGroups: groups.size,
      exactGroups,
      exactTemplates,
    },
  };
}
