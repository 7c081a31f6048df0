/**
 * @module Static expansion of `strategy.matrix`, following GitHub's documented rules:
 * the cartesian product of the dimensions, minus `exclude` (partial matches), then each `include`
 * entry merged into every combination whose original values it does not overwrite, or added as a
 * new combination when it merges into none.
 */
import type { MatrixCombination, MatrixValue } from './model.ts';

/** A matrix as plain data (`${{ }}` strings where the file has expressions). */
export type PlainMatrix = Record<string, MatrixValue>;

/** Expands a literal matrix. Returns `undefined` when a part is not a literal list of values. */
export function expandMatrix(matrix: PlainMatrix): MatrixCombination[] | undefined {
  const dimensions: [string, MatrixValue[]][] = [];
  for (const [key, value] of Object.entries(matrix)) {
    if (key === 'include' || key === 'exclude') continue;
    if (!Array.isArray(value)) return undefined;
    dimensions.push([key, value]);
  }
  const include = listOfObjects(matrix.include);
  const exclude = listOfObjects(matrix.exclude);
  if (include === undefined || exclude === undefined) return undefined;

  let combinations: MatrixCombination[] = dimensions.length > 0 ? [{}] : [];
  for (const [key, values] of dimensions) {
    combinations = combinations.flatMap((combination) =>
      values.map((value) => ({ ...combination, [key]: value })),
    );
  }
  combinations = combinations.filter(
    (combination) =>
      !exclude.some((entry) =>
        Object.entries(entry).every(([key, value]) => partialMatch(combination[key], value)),
      ),
  );
  const originalKeys = new Set(dimensions.map(([key]) => key));
  const originals = combinations.map((combination) => ({ ...combination }));
  const extra: MatrixCombination[] = [];
  for (const entry of include) {
    let merged = false;
    combinations.forEach((combination, index) => {
      const original = originals[index]!;
      const overwrites = Object.entries(entry).some(
        ([key, value]) => originalKeys.has(key) && key in original && !deepEqual(original[key], value),
      );
      if (overwrites) return;
      Object.assign(combination, entry);
      merged = true;
    });
    if (!merged) extra.push({ ...entry });
  }
  return [...combinations, ...extra];
}

/** The values GitHub appends to a matrix job's name: leaves in key order, empty ones left out. */
export function matrixSuffixValues(combination: MatrixCombination): string[] {
  const values: string[] = [];
  const visit = (value: MatrixValue): void => {
    if (value === null || value === '') return;
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object') Object.values(value).forEach(visit);
    else values.push(String(value));
  };
  Object.values(combination).forEach(visit);
  return values;
}

function listOfObjects(value: MatrixValue | undefined): Record<string, MatrixValue>[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  const result: Record<string, MatrixValue>[] = [];
  for (const item of value) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
    result.push(item);
  }
  return result;
}

/** An exclude entry matches when every key it gives matches; object values match partially too. */
function partialMatch(actual: MatrixValue | undefined, wanted: MatrixValue): boolean {
  if (wanted !== null && typeof wanted === 'object' && !Array.isArray(wanted)) {
    if (actual === null || actual === undefined || typeof actual !== 'object' || Array.isArray(actual))
      return false;
    return Object.entries(wanted).every(([key, value]) => partialMatch(actual[key], value));
  }
  return deepEqual(actual, wanted);
}

function deepEqual(a: MatrixValue | undefined, b: MatrixValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
