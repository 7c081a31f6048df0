/** @module The `verify` report: one row per channel, integrity findings, claimed vs actual, the summary. */
import type { ChannelObservation, Verdict } from '../registries/types.ts';

/** One configured channel and what it said. */
export interface ChannelResult {
  /** Label from the config (`npm`, `aur:foo-bin`). */
  name: string;
  /** Adapter id. */
  channel: string;
  /** False for channels marked `optional`: their absence does not fail verify. */
  expected: boolean;
  observation: ChannelObservation;
  /** Wall time of this channel's check in ms. */
  durationMs: number;
}

export type IntegrityKind =
  /** The artifact's declared sha256 equals the release asset's digest. */
  | 'verified'
  /** Declared sha256 differs from the release asset's digest: users download something else. */
  | 'checksum-mismatch'
  /** The URL names a release asset that does not exist. */
  | 'missing-asset'
  /** The asset exists but its upload has not finished (GitHub `state` not `uploaded`): not checked yet. */
  | 'asset-uploading'
  /** The URL points at another tag of the same repository (stale formula/manifest). */
  | 'wrong-tag'
  /** The release is a draft: its assets 404 for the public until it is published. */
  | 'draft-release'
  /** A GitHub release download URL of another owner/repo (a fork): users install someone else's build. */
  | 'foreign-release'
  /** A tap/bucket/Winget/AUR URL that is not a GitHub release download: not checked. */
  | 'outside-release'
  /** The channel declares no sha256 for a release asset URL. */
  | 'no-checksum-declared'
  /** The release asset has no digest (uploaded before GitHub computed them), so nothing to compare. */
  | 'unverifiable'
  /** There is no GitHub Release to compare with: absent (error) or unreadable / not looked up (unknown). */
  | 'no-reference';

export interface IntegrityFinding {
  kind: IntegrityKind;
  /**
   * `error` fails verify (exit 1); `unknown` means the artifact could not be checked, so verify
   * cannot say ok (exit 4 when nothing else is wrong); `warning` is shown; `ok` is evidence.
   */
  severity: 'ok' | 'warning' | 'unknown' | 'error';
  /** For `unknown`: why it could not be checked, short (`GitHub API rate limit`), for the summary line. */
  unchecked?: string;
  /** Channel label the artifact belongs to. */
  channel: string;
  /** The artifact URL the channel declares. */
  url: string;
  /** sha256 the channel declares, when it does. */
  declared?: string;
  /** The release asset's sha256 digest, when known. */
  actual?: string;
  message: string;
}

/** A publishing job's conclusion beside its channel's verdict. */
export interface ClaimRow {
  /** Channel label. */
  channel: string;
  /** Job name as the API reports it. */
  job: string;
  /** GitHub job conclusion (`success`, `failure`, `skipped`, …) or status when unfinished. */
  conclusion: string;
  verdict: Verdict;
  /**
   * `consistent`; `green-but-missing` (job succeeded, nothing published);
   * `red-but-published` (job failed, the version is there); `unfinished`; `no-job` (no job matched).
   */
  flag: 'consistent' | 'green-but-missing' | 'red-but-published' | 'unfinished' | 'no-job';
  message: string;
}

export interface VerifySummary {
  total: number;
  present: number;
  pending: number;
  absent: number;
  error: number;
  /** Integrity findings of severity `error`. */
  integrityErrors: number;
  /** Artifacts whose integrity could not be checked (findings of severity `unknown`). */
  integrityUnchecked: number;
  /** Claimed-vs-actual contradictions. */
  contradictions: number;
}

export interface VerifyReport {
  product: string;
  /** Version as verified (without the tag prefix). */
  version: string;
  /** Release tag the version maps to. */
  tag: string;
  checkedAt: string;
  channels: ChannelResult[];
  integrity: IntegrityFinding[];
  /** Present when a run was given. */
  claims?: {
    runId: number;
    rows: ClaimRow[];
    /** Why the job conclusions could not be read (the GitHub API failed); `rows` is then empty. */
    error?: string;
  };
  summary: VerifySummary;
  /** `Summary: 9/12 channels live, 1 pending, 2 missing, 0 errors`. */
  summaryLine: string;
  /** Every expected channel present, no integrity error and nothing left unchecked: exit 0. */
  ok: boolean;
  /**
   * `ok`; `problem` when something is known to be wrong (an expected channel missing or pending, an
   * integrity error, a job contradiction): exit 1; `unknown` when nothing is known to be wrong but
   * some answer is missing (a channel errored, integrity not checked, job conclusions unavailable): exit 4.
   */
  outcome: 'ok' | 'problem' | 'unknown';
}
