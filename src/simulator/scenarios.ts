/**
 * @module Finds, reads and validates scenario files. Built-in scenarios live in
 * src/simulator/scenarios/*.yml; scripts/build.mjs copies them to dist/scenarios/ for the bundle.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ConfigError, InputError } from '../errors.ts';
import { Scenario } from './scenario-schema.ts';

/** Where the built-in scenario files are, from the source tree or from the bundle. */
function scenarioDir(): string {
  const candidates = [
    fileURLToPath(new URL('./scenarios/', import.meta.url)),
    fileURLToPath(new URL('../src/simulator/scenarios/', import.meta.url)),
  ];
  const found = candidates.find((dir) => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.yml')));
  if (!found)
    throw new InputError(`built-in simulator scenarios not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Names of the built-in scenarios (file names without `.yml`), sorted. */
export function listScenarios(): string[] {
  return readdirSync(scenarioDir())
    .filter((f) => f.endsWith('.yml'))
    .map((f) => basename(f, '.yml'))
    .sort();
}

/** Validates scenario data (already parsed from YAML/JSON); `where` names the source in errors. */
export function parseScenario(data: unknown, where: string): Scenario {
  const result = Scenario.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) => `${where}: ${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new ConfigError(`invalid simulator scenario ${where}`, problems);
  }
  return result.data;
}

/** Reads a scenario from YAML or JSON text. */
export function parseScenarioText(text: string, where: string): Scenario {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new ConfigError(`${where}: not valid YAML/JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  return parseScenario(data, where);
}

/** A built-in scenario by name, or a scenario file by path (`.yml`, `.yaml`, `.json`). */
export function loadScenario(nameOrPath: string): Scenario {
  const isPath = /[/\\]/.test(nameOrPath) || ['.yml', '.yaml', '.json'].includes(extname(nameOrPath));
  if (!isPath) {
    const names = listScenarios();
    if (!names.includes(nameOrPath)) {
      throw new InputError(`unknown simulator scenario "${nameOrPath}" (built-in: ${names.join(', ')})`);
    }
    const file = join(scenarioDir(), `${nameOrPath}.yml`);
    return parseScenarioText(readFileSync(file, 'utf8'), `${nameOrPath}.yml`);
  }
  if (!existsSync(nameOrPath)) throw new InputError(`scenario file not found: ${nameOrPath}`);
  return parseScenarioText(readFileSync(nameOrPath, 'utf8'), nameOrPath);
}
