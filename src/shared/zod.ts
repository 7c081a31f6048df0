/**
 * @module zod/mini with English issue messages. Every schema in the project imports `z` from here
 * (`import * as z from '../shared/zod.ts'`), never from `zod` itself.
 * zod/mini rather than classic `zod` because its functions tree-shake and classic zod's
 * methods-on-prototype API and locales do not: while no module imports classic zod, the bundle's
 * shared zod chunk stays small and the verify/exists path peaks lower in RSS. Same core, parse
 * semantics and issue format as classic zod; but classic zod installs the English locale itself while
 * zod/mini leaves every message "Invalid input", and our errors quote the messages.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
