/**
 * @module Loads the failure-signature knowledge base: the YAML files in `data/` (one per family),
 * validated with zod. The files are read at run time from beside this module; the bundle build
 * (scripts/build.mjs) copies them to dist/signatures/, which the second candidate path finds.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { InternalError } from '../../errors.ts';
import { type Signature, SignatureFile } from './schema.ts';

/** A signature with its patterns compiled. */
export interface LoadedSignature extends Signature {
  /** Family (file) the entry comes from. */
  family: string;
  regexes: RegExp[];
}

export interface KnowledgeBase {
  signatures: LoadedSignature[];
  byId: Map<string, LoadedSignature>;
  /** Directory the files were read from. */
  dir: string;
}

/** Candidate data directories: source tree (tsx, vitest) and the bundle (dist/cli.js → dist/signatures). */
function dataDirCandidates(): string[] {
  return [new URL('./data/', import.meta.url), new URL('./signatures/', import.meta.url)].map((u) =>
    fileURLToPath(u),
  );
}

export function findDataDir(): string {
  for (const dir of dataDirCandidates()) {
    if (existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.yaml'))) return dir;
  }
  throw new InternalError(`failure-signature files not found (looked in ${dataDirCandidates().join(', ')})`);
}

/** Parses and validates one family file; throws with the file name and the zod path on error. */
export function parseSignatureFile(name: string, text: string): LoadedSignature[] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new InternalError(
      `${name}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = SignatureFile.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InternalError(`${name}: invalid signature file: ${problems}`);
  }
  return result.data.signatures.map((s) => {
    const regexes = s.patterns.map((p, i) => {
      try {
        return new RegExp(p, 'i');
      } catch (error) {
        throw new InternalError(`${name}: ${s.id}: pattern ${i + 1} does not compile: ${String(error)}`);
      }
    });
    return { ...s, family: result.data.family, regexes };
  });
}

let cached: KnowledgeBase | undefined;

/** The built-in knowledge base (read once per process). */
export function loadKnowledgeBase(dir: string = findDataDir()): KnowledgeBase {
  if (cached && cached.dir === dir) return cached;
  const signatures: LoadedSignature[] = [];
  const byId = new Map<string, LoadedSignature>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    for (const s of parseSignatureFile(file, readFileSync(`${dir}/${file}`, 'utf8'))) {
      if (byId.has(s.id)) throw new InternalError(`${file}: duplicate signature id ${s.id}`);
      byId.set(s.id, s);
      signatures.push(s);
    }
  }
  cached = { signatures, byId, dir };
  return cached;
}
