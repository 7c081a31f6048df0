/**
 * @module zod/mini with English issue messages: import `z` from here (`import * as z from '../zod-mini.ts'`).
 * zod/mini rather than classic `zod` because its functions tree-shake and classic zod's
 * methods-on-prototype API and locales do not: the verify/exists path loads ~0.7 MB less code and
 * peaks lower in RSS. Same core, parse semantics and issue format as classic zod; but classic zod
 * installs the English locale itself while zod/mini leaves every message "Invalid input", and our
 * registry errors and config problems quote the messages.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
