/**
 * @module `shipwatch templates <file|->`: mine a log's line templates. Text output lists templates by
 * count with their first line and ends with `N templates from M lines`; `--json` streams
 * `{"templates":[{id,template,count}],"lines":[{line,templateId}]}` with one `lines` entry per line.
 */
import path from 'node:path';
import { UsageError } from '../../errors.ts';
import type { CliIo, Writer } from '../io.ts';
import type { CliCommand } from './types.ts';
import { printableLine } from '../../shared/printable.ts';

interface TemplatesFlags {
  plain?: boolean;
  json?: boolean;
  masking?: string;
}

/** Files larger than this get a progress bar (when stderr is a terminal). */
const PROGRESS_MIN_BYTES = 4 * 1024 * 1024;
/** `lines` entries written per stdout chunk. */
const JSON_CHUNK_LINES = 4096;

export const templatesCommand: CliCommand = {
  name: 'templates',
  register(program, io) {
    program
      .command('templates')
      .description('mine the line templates of a log: which lines repeat, how often, first seen where')
      .argument('<file>', 'log file (GitHub job log, run zip, .gz, plain text) or - for stdin')
      .option('--plain', 'treat each line as one message as-is (no GitHub timestamp/marker stripping)')
      .option(
        '--masking <file>',
        'JSON masking rules ({"extends":"default"|"none","rules":[{name,scope,pattern,replace}...]}), tried before the defaults',
      )
      .option('--json', 'machine-readable output: {"templates":[...],"lines":[...]}')
      .addHelpText(
        'after',
        '\nExit codes: 0 templates printed (an empty log gives 0 templates), 2 bad input or usage\n(missing, binary or corrupt file, bad --masking file).',
      )
      .action(async (file: string, flags: TemplatesFlags) => {
        // Resolving '' against cwd would blame the current directory for a missing argument.
        if (file === '') throw new UsageError('<file>: the path is empty (give a log file, or - for stdin)');
        // An empty --masking (e.g. an unset variable in a script) must not silently mean "defaults".
        if (flags.masking === '')
          throw new UsageError('--masking: the path is empty (give a JSON rules file)');
        const { mineTemplates } = await import('../../logs/mining/templates.ts');
        const masking = flags.masking
          ? await (await import('../../logs/mining/masking-file.ts')).loadMaskingFile(
              path.resolve(io.context.cwd, flags.masking),
            )
          : undefined;
        const progress = createProgress(io);
        const result = await mineTemplates(io.context, {
          path: file === '-' ? file : path.resolve(io.context.cwd, file),
          plain: flags.plain ?? false,
          stdin: io.stdin,
          onProgress: progress.update,
          keepLines: flags.json ?? false,
          ...(masking ? { miner: { masking } } : {}),
        }).finally(progress.done);
        if (flags.json) {
          await writeJsonResult(io.stdout, result);
          return;
        }
        const c = io.color;
        const width = String(result.templates[0]?.count ?? 0).length;
        for (const t of result.templates) {
          // Log text: made printable (a bell, a stray C1 control) before it reaches the terminal.
          const template = t.template === '' ? c.dim('(empty line)') : printableLine(t.template);
          io.stdout.write(
            `${c.bold(String(t.count).padStart(width))}× ${template}  ${c.gray(`(${t.id}, first line ${t.firstLine})`)}\n`,
          );
        }
        // What the read itself ran into, so nothing is dropped silently.
        const notes: string[] = [result.lineCount === 0 ? 'empty input' : result.format];
        if (result.stats.truncatedLines > 0) notes.push(`${result.stats.truncatedLines} long lines cut`);
        if (result.stats.invalidUtf8) notes.push('invalid UTF-8 replaced');
        if (result.stats.endsMidLine) notes.push('last line has no newline');
        io.stdout.write(
          `${result.templates.length} templates from ${result.lineCount} lines (${notes.join(', ')})\n`,
        );
      });
  },
};

/** Writes the JSON result a chunk at a time, waiting for the stream when it asks us to. */
async function writeJsonResult(
  out: Writer,
  result: Awaited<ReturnType<typeof import('../../logs/mining/templates.ts').mineTemplates>>,
): Promise<void> {
  const templates = result.templates.map((t) => ({ id: t.id, template: t.template, count: t.count }));
  await write(out, `{"templates":${JSON.stringify(templates)},"lines":[`);
  let chunk = '';
  let n = 0;
  for (const entry of result.lines?.() ?? []) {
    chunk += `${n === 0 ? '' : ','}{"line":${entry.line},"templateId":${JSON.stringify(entry.templateId)}}`;
    n++;
    if (n % JSON_CHUNK_LINES === 0) {
      await write(out, chunk);
      chunk = '';
    }
  }
  await write(out, `${chunk}]}\n`);
}

function write(out: Writer, chunk: string): Promise<void> | undefined {
  const ok = out.write(chunk);
  const stream = out as Partial<NodeJS.WritableStream>;
  if (ok === false && typeof stream.once === 'function') {
    return new Promise((resolve) => stream.once?.('drain', () => resolve()));
  }
  return undefined;
}

function createProgress(io: CliIo): {
  update: (read: number, total: number | undefined) => void;
  done: () => void;
} {
  let shown = false;
  let lastPercent = -1;
  const update = (read: number, total: number | undefined) => {
    if (!io.stderrIsTTY || total === undefined || total < PROGRESS_MIN_BYTES) return;
    const percent = Math.min(100, Math.floor((read / total) * 100));
    if (percent === lastPercent) return;
    lastPercent = percent;
    shown = true;
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    const mb = (x: number) => (x / 1024 / 1024).toFixed(1);
    io.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}% ${mb(read)}/${mb(total)} MB`,
    );
  };
  const done = () => {
    if (shown) io.stderr.write('\r\x1b[2K');
  };
  return { update, done };
}
