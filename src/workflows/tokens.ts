/**
 * @module Reading GitHub's template tokens (from `@actions/workflow-parser`) as plain values and text.
 */
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import {
  isBasicExpression,
  isBoolean,
  isLiteral,
  isMapping,
  isNumber,
  isSequence,
  isString,
} from '@actions/workflow-parser';
import type { MatrixValue, SourceRange } from './model.ts';

/** Source text of a scalar: strings as they read, expressions as `${{ ... }}`, collections as JSON. */
export function tokenText(token: TemplateToken): string {
  if (isString(token)) return token.value;
  if (isBasicExpression(token)) return token.source ?? `\${{ ${token.expression} }}`;
  if (isNumber(token) || isBoolean(token)) return String(token.value);
  if (isLiteral(token)) return '';
  return JSON.stringify(toPlain(token));
}

/** A token tree as plain data; expressions become their `${{ ... }}` text. */
export function toPlain(token: TemplateToken): MatrixValue {
  if (isMapping(token)) {
    const result: Record<string, MatrixValue> = {};
    for (const pair of token) result[tokenText(pair.key)] = toPlain(pair.value);
    return result;
  }
  if (isSequence(token)) return [...token].map((item) => toPlain(item));
  if (isString(token)) return token.value;
  if (isNumber(token) || isBoolean(token)) return token.value;
  if (isBasicExpression(token)) return token.source ?? `\${{ ${token.expression} }}`;
  return null;
}

/** True when the token tree holds no expression anywhere. */
export function isLiteralTree(token: TemplateToken): boolean {
  if (isMapping(token)) return [...token].every((pair) => isLiteral(pair.key) && isLiteralTree(pair.value));
  if (isSequence(token)) return [...token].every((item) => isLiteralTree(item));
  return isLiteral(token);
}

/** The value under `key` in a mapping token. */
export function child(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  if (!token || !isMapping(token)) return undefined;
  for (const pair of token) if (isString(pair.key) && pair.key.value === key) return pair.value;
  return undefined;
}

/** The pairs of a mapping token (empty for anything else). */
export function pairs(
  token: TemplateToken | undefined,
): { key: string; value: TemplateToken; keyToken: TemplateToken }[] {
  if (!token || !isMapping(token)) return [];
  return [...token].map((pair) => ({ key: tokenText(pair.key), value: pair.value, keyToken: pair.key }));
}

/** The token's range, copied into our own shape. */
export function rangeOf(token: TemplateToken | undefined): SourceRange | undefined {
  const range = token?.range;
  if (!range) return undefined;
  return {
    start: { line: range.start.line, column: range.start.column },
    end: { line: range.end.line, column: range.end.column },
  };
}
