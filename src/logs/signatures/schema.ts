/**
 * @module The shape of a knowledge-base file (`data/<family>.yaml`). One file per signature family;
 * every entry carries real example lines with their source, and a test checks that each entry's
 * patterns match its own examples.
 */
import * as z from '../../shared/zod.ts';
import { CATEGORIES } from '../why/categories.ts';

const NonEmpty = () => z.string().check(z.minLength(1));

/** A real log line the signature was written from, and where it was published. */
export const SignatureExample = z.object({
  line: NonEmpty(),
  source: NonEmpty(),
});
export type SignatureExample = z.infer<typeof SignatureExample>;

export const Signature = z
  .object({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are kebab-case')),
    /** cause: names a root cause; consequence: a wrapper/echo line that only follows from an earlier
     *  error; noise: an alarming line that is harmless; context: a line that only names the command
     *  the step ran (its `step`), never cited. */
    role: z._default(z.enum(['cause', 'consequence', 'noise', 'context']), 'cause'),
    category: z.enum(CATEGORIES),
    /** 3 = specific message of one tool/registry; 2 = ordinary; 1 = generic (HTTP status, "not found"). */
    priority: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(3)), 2),
    /** How sure a match makes us; default: low for priority 1, high otherwise. `medium` for messages
     *  the registry sends for more than one reason (e.g. Chocolatey's 409). */
    confidence: z.optional(z.enum(['low', 'medium', 'high'])),
    /** job: the failure belongs to the whole job (timeout, runner), not to one step. */
    scope: z._default(z.enum(['step', 'job']), 'step'),
    /** Seeing this line proves the job failed (runner/CI level), even without an exit-code line. */
    fatal: z._default(z.boolean(), false),
    title: NonEmpty(),
    explanation: z.optional(z.string()),
    remedy: z._default(z.string(), ''),
    /** Names the command/step this line comes from, used when the log has no step markers.
     *  `{group}` placeholders take named capture groups of the pattern. */
    step: z.optional(z.string()),
    /** For a consequence: the tool's own final error summary. When such a line also quotes a cause,
     *  it is evidence of that cause (not a consequence of it). */
    summary: z._default(z.boolean(), false),
    /** For a consequence: the line states the tool's own error (`release failed … error=…`), so it is
     *  cited as evidence when no signature explains the failure. */
    citeWhenUnexplained: z._default(z.boolean(), false),
    /** Categories (or signature ids) of another cause in the log that make this one only a consequence. */
    consequenceOf: z._default(z.array(z.string()), []),
    /** Regular expressions (JavaScript syntax, matched case-insensitively) tried on each line. */
    patterns: z.array(NonEmpty()).check(z.minLength(1)),
    examples: z.array(SignatureExample).check(z.minLength(1)),
  })
  .check(
    z.superRefine((s, ctx) => {
      if (s.role === 'cause' && s.remedy.trim() === '') {
        ctx.addIssue({ code: 'custom', message: `${s.id}: a cause needs a remedy` });
      }
    }),
  );
export type Signature = z.infer<typeof Signature>;

export const SignatureFile = z.object({
  family: NonEmpty(),
  description: z.optional(z.string()),
  signatures: z.array(Signature).check(z.minLength(1)),
});
export type SignatureFile = z.infer<typeof SignatureFile>;
