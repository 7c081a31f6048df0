import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/cli-harness.ts';

describe('shipwatch templates (argument checks)', () => {
  it('an empty path is a usage error naming the argument, not the current directory', async () => {
    const run = await runCliCaptured(['templates', ''], { context: { cwd: process.cwd() } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: <file>: the path is empty (give a log file, or - for stdin)\n');
    expect(run.stdout).toBe('');
  });

  it('an empty --masking is a usage error, not a silent fall-back to the default rules', async () => {
    const run = await runCliCaptured(['templates', '--masking', '', 'package.json'], {
      context: { cwd: process.cwd() },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: --masking: the path is empty (give a JSON rules file)\n');
    expect(run.stdout).toBe('');
  });
});
