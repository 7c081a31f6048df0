/**
 * @module Three-valued evaluation of a job's `if:` from what the run shows: the results of the jobs
 * it needs. Everything else (github, inputs, outputs, vars, ...) is unknown, and unknown spreads
 * (`unknown && false` is false, `unknown && true` is unknown). Parsed with GitHub's own expression
 * parser; a condition that does not parse is unknown.
 */
import { Lexer, Parser } from '@actions/expressions';
import {
  Binary,
  ContextAccess,
  type Expr,
  FunctionCall,
  Grouping,
  IndexAccess,
  Literal,
  Logical,
  Star,
  Unary,
} from '@actions/expressions/ast';

/** What `needs.<id>.result` can be. */
export type NeedResult = 'success' | 'failure' | 'cancelled' | 'skipped';

/** What the condition may look at. */
export interface ConditionInputs {
  /** Result of each direct need (`undefined`: not known yet, e.g. not in the run). */
  needs: Record<string, NeedResult | undefined>;
  /** Results of every job the job depends on, directly or not (`success()`/`failure()` look at all). */
  ancestors: (NeedResult | undefined)[];
}

/** The verdict on a condition. */
export type Truth = true | false | 'unknown';

const UNKNOWN: unique symbol = Symbol('unknown');
type Unknown = typeof UNKNOWN;
type Value = string | number | boolean | null | Unknown | Value[] | StarArray | { [key: string]: Value };
/** The result of `x.*`: indexing it maps over the items (GitHub's filtered array). */
interface StarArray {
  /** The items `*` selected. */
  star: Value[];
}

const CONTEXTS = [
  'github',
  'inputs',
  'vars',
  'secrets',
  'env',
  'needs',
  'strategy',
  'matrix',
  'jobs',
  'steps',
  'runner',
  'job',
];
const STATUS_FUNCTIONS = ['success', 'failure', 'cancelled', 'always'].map((name) => ({
  name,
  minArgs: 0,
  maxArgs: 0,
}));
const OTHER_FUNCTIONS = [{ name: 'hashfiles', minArgs: 1, maxArgs: 255 }];

/** Evaluates a condition (without `${{ }}`) against the results of the needs. */
export function evaluateCondition(condition: string, inputs: ConditionInputs): Truth {
  let tree: Expr;
  try {
    tree = new Parser(new Lexer(condition).lex().tokens, CONTEXTS, [
      ...STATUS_FUNCTIONS,
      ...OTHER_FUNCTIONS,
    ]).parse();
  } catch {
    return 'unknown';
  }
  return truthy(evaluate(tree, inputs));
}

/** True when the condition mentions a status function (`always()`, `failure()`, ...). */
export function hasStatusFunction(condition: string): boolean {
  return /\b(?:always|failure|cancelled|success)\s*\(\s*\)/i.test(condition);
}

function evaluate(expr: Expr, inputs: ConditionInputs): Value {
  if (expr instanceof Literal) return literalValue(expr);
  if (expr instanceof Grouping) return evaluate(expr.group, inputs);
  if (expr instanceof Unary) {
    const truth = truthy(evaluate(expr.expr, inputs));
    return truth === 'unknown' ? UNKNOWN : !truth;
  }
  if (expr instanceof Logical) return logical(expr, inputs);
  if (expr instanceof Binary)
    return compare(expr.operator.lexeme, evaluate(expr.left, inputs), evaluate(expr.right, inputs));
  if (expr instanceof ContextAccess)
    return expr.name.lexeme.toLowerCase() === 'needs' ? needsContext(inputs) : UNKNOWN;
  if (expr instanceof IndexAccess) return index(evaluate(expr.expr, inputs), expr.index, inputs);
  if (expr instanceof FunctionCall) return call(expr, inputs);
  return UNKNOWN;
}

function logical(expr: Logical, inputs: ConditionInputs): Value {
  const values = expr.args.map((arg) => evaluate(arg, inputs));
  const truths = values.map(truthy);
  if (expr.operator.lexeme === '&&') {
    const falsy = truths.indexOf(false);
    if (falsy >= 0) return values[falsy]!;
    return truths.includes('unknown') ? UNKNOWN : values[values.length - 1]!;
  }
  const truthyAt = truths.indexOf(true);
  if (truthyAt >= 0) return values[truthyAt]!;
  return truths.includes('unknown') ? UNKNOWN : values[values.length - 1]!;
}

function call(expr: FunctionCall, inputs: ConditionInputs): Value {
  const name = expr.functionName.lexeme.toLowerCase();
  const known = inputs.ancestors.filter((result): result is NeedResult => result !== undefined);
  const allKnown = known.length === inputs.ancestors.length;
  switch (name) {
    case 'always':
      return true;
    case 'success':
      if (known.some((result) => result !== 'success')) return false;
      return allKnown ? true : UNKNOWN;
    case 'failure':
      if (known.includes('failure')) return true;
      return allKnown ? false : UNKNOWN;
    case 'cancelled':
      if (known.includes('cancelled')) return true;
      return allKnown ? false : UNKNOWN;
    case 'contains': {
      const [haystack, needle] = expr.args.map((arg) => evaluate(arg, inputs));
      if (needle === UNKNOWN || needle === undefined || isComposite(needle)) return UNKNOWN;
      const items =
        haystack !== null && typeof haystack === 'object' && 'star' in haystack ? haystack.star : haystack;
      if (Array.isArray(items)) {
        if (items.some((item) => equals(item, needle) === true)) return true;
        return items.includes(UNKNOWN) ? UNKNOWN : false;
      }
      if (typeof items === 'string') return items.toLowerCase().includes(String(needle).toLowerCase());
      return UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

function needsContext(inputs: ConditionInputs): Value {
  const context: Record<string, Value> = {};
  for (const [id, result] of Object.entries(inputs.needs)) {
    context[id.toLowerCase()] = { result: result ?? UNKNOWN, outputs: UNKNOWN };
  }
  return context;
}

function index(target: Value, indexExpr: Expr, inputs: ConditionInputs): Value {
  if (target === UNKNOWN) return UNKNOWN;
  if (indexExpr instanceof Star) {
    if (target !== null && typeof target === 'object' && !Array.isArray(target) && !('star' in target)) {
      return { star: Object.values(target) };
    }
    return Array.isArray(target) ? { star: target } : UNKNOWN;
  }
  const key = evaluate(indexExpr, inputs);
  if (key === UNKNOWN || isComposite(key)) return UNKNOWN;
  if (target !== null && typeof target === 'object' && 'star' in target) {
    return { star: (target as StarArray).star.map((item) => property(item, String(key))) };
  }
  return property(target, String(key));
}

function property(target: Value, key: string): Value {
  if (target === UNKNOWN) return UNKNOWN;
  if (target === null || typeof target !== 'object' || Array.isArray(target) || 'star' in target) return null;
  const value = (target as Record<string, Value>)[key.toLowerCase()];
  return value === undefined ? null : value;
}

function compare(operator: string, left: Value, right: Value): Value {
  if (operator === '==' || operator === '!=') {
    const same = equals(left, right);
    if (same === 'unknown') return UNKNOWN;
    return operator === '==' ? same : !same;
  }
  if (typeof left === 'number' && typeof right === 'number') {
    if (operator === '<') return left < right;
    if (operator === '<=') return left <= right;
    if (operator === '>') return left > right;
    if (operator === '>=') return left >= right;
  }
  return UNKNOWN;
}

/** GitHub compares strings case-insensitively and coerces mismatched primitive types to numbers. */
function equals(left: Value, right: Value): Truth {
  if (left === UNKNOWN || right === UNKNOWN) return 'unknown';
  if (isComposite(left) || isComposite(right)) return left === right;
  if (typeof left === 'string' && typeof right === 'string')
    return left.toLowerCase() === right.toLowerCase();
  if (typeof left === typeof right) return left === right;
  return toNumber(left) === toNumber(right);
}

function toNumber(value: Value): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value);
  return Number.NaN;
}

function truthy(value: Value): Truth {
  if (value === UNKNOWN) return 'unknown';
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value !== '';
  return true;
}

function isComposite(value: Value): boolean {
  return value !== null && typeof value === 'object';
}

function literalValue(expr: Literal): Value {
  const data = expr.literal as unknown as { value?: unknown };
  const value = data.value;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}
