/**
 * @module The zip of a whole run (one top-level `N_job.txt` per job, and `job/N_step.txt` files).
 */
import { InputError } from '../../errors.ts';
import type { OpenedLog, OpenLogOptions } from './open-log.ts';

export async function openZipLog(path: string, _options: OpenLogOptions): Promise<OpenedLog> {
  throw new InputError(`${path}: run zips are not supported yet`);
}
