/**
 * Job names come from a workflow file a pull request can edit: an escape sequence in one must be
 * shown, not executed, by the text views (QA finding F15). NDJSON escapes it by itself.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test/cli-harness.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'shipwatch-printable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('watch views: names from the workflow are printable', () => {
  it('a job name that clears the screen and sets the title is shown as text', async () => {
    const source = readFileSync(new URL('../simulator/scenarios/flaky-rerun.yml', import.meta.url), 'utf8');
    const evil = source
      .replace('name: flaky-rerun', 'name: evil-names')
      .replaceAll(
        '      - key: test\n',
        '      - key: test\n        name: "test\\e[2J\\e[H\\e]0;pwned\\aFAKE"\n',
      );
    const file = path.join(dir, 'evil-names.yml');
    writeFileSync(file, evil);
    const run = await runCliCaptured(['demo', '--scenario', file, '--speed', '60', '--poll']);
    expect(run.stdout).toContain('test␛[2J␛[H␛]0;pwned\ufffdFAKE');
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    const json = await runCliCaptured(['demo', '--scenario', file, '--speed', '60', '--poll', '--json']);
    const names = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; jobs?: { name: string }[] })
      .find((e) => e.type === 'final')
      ?.jobs?.map((j) => j.name);
    // Machine readers get the name as it is (JSON escapes the control characters).
    expect(names).toContain('test\u001b[2J\u001b[H\u001b]0;pwned\u0007FAKE');
  });
});
