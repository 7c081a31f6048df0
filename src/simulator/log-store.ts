/**
 * @module Job logs and run-log archives, generated once and cached, and the short-lived signed URLs
 * the log endpoints redirect to (GitHub's expire after one minute; so do ours, in real time, so a
 * client that follows the redirect at once always succeeds whatever the simulation speed).
 */
import { randomBytes } from 'node:crypto';
import { jobLogText, stepLogTexts } from './log-text.ts';
import type { JobPlan, Plan } from './timeline.ts';
import { writeZip } from './zip-writer.ts';

const URL_TTL_MS = 60_000;

interface Blob {
  expires: number;
  body: Buffer;
  contentType: string;
}

export type LogTarget = { kind: 'job'; jobId: number } | { kind: 'run'; attempt: number };

/** Folder and file names in the archive, as GitHub sanitizes them (no `/` or `:`, ≤ 90 chars). */
function zipName(name: string): string {
  return name.replace(/[/:]/g, '').slice(0, 90).trim();
}

export class LogStore {
  readonly #plan: Plan;
  readonly #jobLogs = new Map<number, string>();
  readonly #zips = new Map<number, Buffer>();
  readonly #blobs = new Map<string, Blob>();

  constructor(plan: Plan) {
    this.#plan = plan;
  }

  jobLog(job: JobPlan): string {
    let text = this.#jobLogs.get(job.id);
    if (text === undefined) {
      text = jobLogText(job, this.#plan.origin);
      this.#jobLogs.set(job.id, text);
    }
    return text;
  }

  /** The run-logs zip of an attempt: `<n>_<job>.txt` plus `<job>/<step number>_<step>.txt`. */
  runZip(attempt: number): Buffer {
    let zip = this.#zips.get(attempt);
    if (!zip) {
      const planned = this.#plan.attempts[attempt - 1]!;
      const entries = planned.jobs
        .filter((j) => j.steps.length > 0)
        .flatMap((job, i) => [
          { name: `${i}_${zipName(job.name)}.txt`, data: Buffer.from(this.jobLog(job)) },
          ...stepLogTexts(job, this.#plan.origin).map((s) => ({
            name: `${zipName(job.name)}/${s.number}_${zipName(s.name)}.txt`,
            data: Buffer.from(s.text),
          })),
        ]);
      zip = writeZip(entries, new Date(this.#plan.origin + planned.end * 1000));
      this.#zips.set(attempt, zip);
    }
    return zip;
  }

  /** A fresh signed URL (on `base`) for the target; earlier ones stay valid until they expire. */
  issueUrl(target: LogTarget, base: string): string {
    const sig = randomBytes(16).toString('hex');
    const expires = Date.now() + URL_TTL_MS;
    const isJob = target.kind === 'job';
    const path = isJob
      ? `/_blobs/job-logs/${target.jobId}-${sig}.txt`
      : `/_blobs/run-logs/${target.attempt}-${sig}.zip`;
    this.#blobs.set(path, {
      expires,
      body: isJob
        ? Buffer.from(this.jobLog(this.#plan.jobsById.get(target.jobId)!))
        : this.runZip(target.attempt),
      contentType: isJob ? 'text/plain; charset=utf-8' : 'application/zip',
    });
    return `${base}${path}?sv=2025-05-05&se=${encodeURIComponent(new Date(expires).toISOString())}&sp=r&sig=${sig}`;
  }

  /** GET of a signed URL path: the bytes, or the blob host's 404/403. */
  serve(path: string): { status: number; body: Buffer | string; contentType: string } {
    const blob = this.#blobs.get(path);
    if (!blob) return { status: 404, body: 'BlobNotFound', contentType: 'text/plain' };
    if (Date.now() > blob.expires) {
      return {
        status: 403,
        body: 'AuthenticationFailed: Signed expiry time has passed.',
        contentType: 'text/plain',
      };
    }
    return { status: 200, body: blob.body, contentType: blob.contentType };
  }
}
