import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseListen, startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

const SECRET = 'receiver-test-secret-77c1';

function sign(body: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

const jobBody = JSON.stringify({
  action: 'completed',
  workflow_job: {
    id: 42,
    run_id: 7,
    run_attempt: 1,
    name: 'publish-npm',
    status: 'completed',
    conclusion: 'failure',
    steps: [],
  },
  repository: { full_name: 'acme/widget' },
});

async function post(
  receiver: WebhookReceiver,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const res = await fetch(receiver.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-delivery': 'd-1', ...headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}

let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('webhook receiver (real HTTP on loopback)', () => {
  it('accepts a correctly signed workflow_job delivery and hands it over once', async () => {
    receiver = await startWebhookReceiver({ host: '127.0.0.1', port: 0, secret: SECRET });
    const answer = await post(receiver, jobBody, {
      'x-github-event': 'workflow_job',
      'x-hub-signature-256': sign(jobBody),
    });
    expect(answer.status).toBe(202);
    const taken = receiver.take();
    expect(taken.deliveries).toHaveLength(1);
    expect(taken.deliveries[0]).toMatchObject({
      event: 'workflow_job',
      action: 'completed',
      repo: 'acme/widget',
      job: { id: 42, run_id: 7, conclusion: 'failure' },
    });
    expect(receiver.take().deliveries).toHaveLength(0);
    expect(receiver.counts).toMatchObject({ received: 1, accepted: 1, rejected: 0 });
  });

  it('rejects a bad or missing signature with 401, counts it, and hands over nothing', async () => {
    receiver = await startWebhookReceiver({ host: '127.0.0.1', port: 0, secret: SECRET });
    const wrongSecret = await post(receiver, jobBody, {
      'x-github-event': 'workflow_job',
      'x-hub-signature-256': sign(jobBody, 'another-secret'),
    });
    const tampered = await post(receiver, jobBody.replace('failure', 'success'), {
      'x-github-event': 'workflow_job',
      'x-hub-signature-256': sign(jobBody),
    });
    const missing = await post(receiver, jobBody, { 'x-github-event': 'workflow_job' });
    expect([wrongSecret.status, tampered.status, missing.status]).toEqual([401, 401, 401]);
    const taken = receiver.take();
    expect(taken.deliveries).toHaveLength(0);
    expect(taken.rejections).toHaveLength(3);
    expect(taken.rejections[2]).toMatch(/missing X-Hub-Signature-256/);
    expect(receiver.counts).toMatchObject({ received: 3, accepted: 0, rejected: 3 });
  });

  it('without a secret accepts unsigned deliveries; ping and other events are answered and ignored', async () => {
    receiver = await startWebhookReceiver({ host: '127.0.0.1', port: 0 });
    expect(receiver.signed).toBe(false);
    expect((await post(receiver, jobBody, { 'x-github-event': 'workflow_job' })).status).toBe(202);
    expect((await post(receiver, '{"zen":"x"}', { 'x-github-event': 'ping' })).status).toBe(200);
    expect((await post(receiver, '{}', { 'x-github-event': 'push' })).status).toBe(200);
    expect(receiver.take().deliveries).toHaveLength(1);
    expect(receiver.counts).toMatchObject({ accepted: 1, ignored: 2 });
  });

  it('answers 400 to a body that is not JSON or not the documented shape', async () => {
    receiver = await startWebhookReceiver({ host: '127.0.0.1', port: 0 });
    const notJson = await post(receiver, 'action=completed', { 'x-github-event': 'workflow_job' });
    const wrongShape = await post(receiver, '{"action":"completed","workflow_job":{"id":"x"}}', {
      'x-github-event': 'workflow_job',
    });
    expect(notJson.status).toBe(400);
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.text).toMatch(/unexpected workflow_job payload: workflow_job\./);
    expect(receiver.take().deliveries).toHaveLength(0);
    expect(receiver.counts.malformed).toBe(2);
  });

  it('waitForDelivery returns as soon as a delivery lands', async () => {
    receiver = await startWebhookReceiver({ host: '127.0.0.1', port: 0 });
    const r = receiver;
    const waited = r.waitForDelivery(60_000, new AbortController().signal).then(() => r.take());
    await post(r, jobBody, { 'x-github-event': 'workflow_job' });
    expect((await waited).deliveries).toHaveLength(1);
  });

  it('a port in use is a one-line usage error', async () => {
    receiver = await startWebhookReceiver({ host: '127.0.0.1', port: 0 });
    const port = Number(new URL(receiver.url).port);
    await expect(startWebhookReceiver({ host: '127.0.0.1', port })).rejects.toThrow(
      `--listen 127.0.0.1:${port}: address already in use`,
    );
  });
});

describe('parseListen', () => {
  it('reads PORT, host:PORT and [::1]:PORT; refuses non-loopback hosts', () => {
    expect(parseListen('8765')).toEqual({ host: '127.0.0.1', port: 8765 });
    expect(parseListen('localhost:9000')).toEqual({ host: 'localhost', port: 9000 });
    expect(parseListen('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
    expect(() => parseListen('0.0.0.0:8765')).toThrow(/loopback only/);
    expect(() => parseListen('127.0.0.1:99999')).toThrow(/expected PORT/);
    expect(() => parseListen('abc')).toThrow(/expected PORT/);
  });
});
