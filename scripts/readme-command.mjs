// Prints the Nth command of the README's opening code block, so CI runs exactly what users read.
import { readFileSync } from 'node:fs';

const n = Number(process.argv[2] ?? '1');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const block = readme.match(/```(?:sh|bash|shell)\n([\s\S]*?)```/);
if (!block) throw new Error('README.md has no opening shell block');
const commands = block[1].split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
const command = commands[n - 1];
if (!command) throw new Error(`README.md opening block has no command ${n}`);
process.stdout.write(command.trim());
