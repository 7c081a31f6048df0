import { describe, expect, it } from 'vitest';
import type { LogLine } from '../model.ts';
import { linesFromText } from './open-log.ts';
import { StepSegmenter } from './segment-steps.ts';

function segment(lines: readonly LogLine[]) {
  const seg = new StepSegmenter();
  const names = lines.map((l) => seg.push(l));
  return { names, steps: seg.finish() };
}

const ts = '2025-08-20T21:04:50.1000000Z ';

describe('StepSegmenter', () => {
  it('has no step before the first mark of an excerpt that starts mid-job', () => {
    const { names, steps } = segment(
      linesFromText(`${ts}npm error code E403\n${ts}##[group]Run make\n`).lines,
    );
    expect(names).toEqual([undefined, 'Run make']);
    expect(steps.map((s) => [s.name, s.startLine, s.endLine])).toEqual([['Run make', 2, 2]]);
  });

  it('still sees the job start after a leading blank line', () => {
    const { names } = segment(
      linesFromText(`\n${ts}Current runner version: '2.328.0'\n${ts}##[group]Run x\n`).lines,
    );
    expect(names).toEqual([undefined, 'Set up job', 'Run x']);
  });

  it('starts a new step when a zip entry restarts its line numbers under the same step name', () => {
    const line = (n: number, step: string): LogLine => ({
      n,
      text: 'x',
      raw: 'x',
      kind: 'output',
      job: 'build',
      step,
    });
    const { steps } = segment([line(1, 'Run npm test'), line(2, 'Run npm test'), line(1, 'Run npm test')]);
    expect(steps.map((s) => [s.name, s.startLine, s.endLine])).toEqual([
      ['Run npm test', 1, 2],
      ['Run npm test', 1, 1],
    ]);
  });

  it('marks a step failed by a non-zero exit code and keeps a zero exit code green', () => {
    const lines = linesFromText(
      [
        `${ts}##[group]Run a`,
        `${ts}Process completed with exit code 0.`,
        `${ts}##[group]Run b`,
        `${ts}##[error]Process completed with exit code 137.`,
        '',
      ].join('\n'),
    ).lines;
    const { steps } = segment(lines);
    expect(steps.map((s) => [s.name, s.exitCode, s.failed])).toEqual([
      ['Run a', null, false],
      ['Run b', 137, true],
    ]);
  });

  it('does not take a group inside a step, or a later docker check, for Initialize containers', () => {
    const lines = linesFromText(
      [
        `${ts}##[group]Run docker/setup-buildx-action@v3`,
        `${ts}##[endgroup]`,
        `${ts}##[group]Docker info`,
        `${ts}##[endgroup]`,
        `${ts}Post job cleanup.`,
        `${ts}##[group]Checking docker version`,
        `${ts}##[endgroup]`,
        `${ts}Stop and remove container: abc`,
        '',
      ].join('\n'),
    ).lines;
    const { steps } = segment(lines);
    expect(steps.map((s) => [s.name, s.startLine, s.endLine])).toEqual([
      ['Run docker/setup-buildx-action@v3', 1, 4],
      ['Post job cleanup', 5, 5],
      ['Stop containers', 6, 8],
    ]);
  });
});
