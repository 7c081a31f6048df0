/**
 * @module Control endpoints for tests (not GitHub; no auth, not counted): GET /_simulator/state,
 * POST /_simulator/faults (a rule or an array; appended), DELETE /_simulator/faults,
 * POST /_simulator/advance {"seconds": n}.
 */
import type { IncomingMessage } from 'node:http';
import type { FaultInjector, FaultPlan } from './faults.ts';
import type { Responder } from './responder.ts';

export interface ControlDeps {
  faults: FaultInjector;
  state(): Record<string, unknown>;
  advance(seconds: number): void;
  simulatedNow(): number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function handleControl(
  req: IncomingMessage,
  path: string,
  out: Responder,
  deps: ControlDeps,
): Promise<void> {
  const route = `${req.method} ${path}`;
  if (route === 'GET /_simulator/state') return out.json(200, deps.state());
  if (route === 'DELETE /_simulator/faults') {
    deps.faults.clear();
    return out.json(200, { faults: [] });
  }
  if (route !== 'POST /_simulator/faults' && route !== 'POST /_simulator/advance') {
    return out.json(404, { message: 'Not Found' });
  }
  try {
    const body = await readBody(req);
    if (route === 'POST /_simulator/faults') {
      const parsed: unknown = JSON.parse(body || '[]');
      deps.faults.add((Array.isArray(parsed) ? parsed : [parsed]) as FaultPlan);
      return out.json(200, { faults: deps.faults.rules() });
    }
    const seconds = Number((JSON.parse(body || '{}') as { seconds?: unknown }).seconds);
    if (!Number.isFinite(seconds) || seconds < 0) return out.json(422, { message: 'seconds must be >= 0' });
    deps.advance(seconds);
    return out.json(200, { simulatedNow: new Date(deps.simulatedNow()).toISOString() });
  } catch (error) {
    return out.json(422, { message: `bad control request: ${(error as Error).message}` });
  }
}
