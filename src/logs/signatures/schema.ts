/**
 * @module The shape of a knowledge-base file (`data/<family>.yaml`). One file per signature family;
 * every entry carries real example lines with their source, and a test checks that each entry's
 * patterns match its own examples.
 */
import { z } from 'zod';
import { CATEGORIES } from '../why/categories.ts';

/** A real log line the signature was written from, and where it was published. */
export const SignatureExample = z.object({
  line: z.string().min(1),
  source: z.string().min(1),
});
export type SignatureExample = z.infer<typeof SignatureExample>;

export const Signature = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are kebab-case'),
    /** cause: names a root cause; consequence: a wrapper/echo line that only follows from an earlier
     *  error; noise: an alarming line that is harmless; context: a line that only names the command
     *  the step ran (its `step`), never cited. */
    role: z.enum(['cause', 'consequence', 'noise', 'context']).default('cause'),
    category: z.enum(CATEGORIES),
    /** 3 = specific message of one tool/registry; 2 = ordinary; 1 = generic (HTTP status, "not found"). */
    priority: z.number().int().min(1).max(3).default(2),
    /** How sure a match makes us; default: low for priority 1, high otherwise. `medium` for messages
     *  the registry sends for more than one reason (e.g. Chocolatey's 409). */
    confidence: z.enum(['low', 'medium', 'high']).optional(),
    /** job: the failure belongs to the whole job (timeout, runner), not to one step. */
    scope: z.enum(['step', 'job']).default('step'),
    /** Seeing this line proves the job failed (runner/CI level), even without an exit-code line. */
    fatal: z.boolean().default(false),
    title: z.string().min(1),
    explanation: z.string().optional(),
    remedy: z.string().default(''),
    /** Names the command/step this line comes from, used when the log has no step markers.
     *  `{group}` placeholders take named capture groups of the pattern. */
    step: z.string().optional(),
    /** For a consequence: the tool's own final error summary. When such a line also quotes a cause,
     *  it is evidence of that cause (not a consequence of it). */
    summary: z.boolean().default(false),
    /** For a consequence: the line states the tool's own error (`release failed … error=…`), so it is
     *  cited as evidence when no signature explains the failure. */
    citeWhenUnexplained: z.boolean().default(false),
    /** Categories (or signature ids) of another cause in the log that make this one only a consequence. */
    consequenceOf: z.array(z.string()).default([]),
    /** Regular expressions (JavaScript syntax, matched case-insensitively) tried on each line. */
    patterns: z.array(z.string().min(1)).min(1),
    examples: z.array(SignatureExample).min(1),
  })
  .superRefine((s, ctx) => {
    if (s.role === 'cause' && s.remedy.trim() === '') {
      ctx.addIssue({ code: 'custom', message: `${s.id}: a cause needs a remedy` });
    }
  });
export type Signature = z.infer<typeof Signature>;

export const SignatureFile = z.object({
  family: z.string().min(1),
  description: z.string().optional(),
  signatures: z.array(Signature).min(1),
});
export type SignatureFile = z.infer<typeof SignatureFile>;
