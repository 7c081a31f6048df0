/**
 * @module Writing one answer: the `date` header on the scenario clock (the server's clock is the
 * scenario clock), and the status recorded in the request log.
 */
import type { ServerResponse } from 'node:http';

export interface Responder {
  send(status: number, body: Buffer | string, headers: Record<string, string>): void;
  json(status: number, body: unknown, headers?: Record<string, string>): void;
}

export function responder(
  res: ServerResponse,
  simulatedNow: () => number,
  onStatus: (status: number) => void,
): Responder {
  const send = (status: number, body: Buffer | string, headers: Record<string, string>) => {
    onStatus(status);
    res.writeHead(status, { date: new Date(simulatedNow()).toUTCString(), ...headers });
    res.end(body);
  };
  return {
    send,
    json: (status, body, headers = {}) =>
      send(status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers }),
  };
}
