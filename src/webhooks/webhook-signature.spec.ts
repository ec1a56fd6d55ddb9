import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'a-secret-of-sixteen+';
  const body = JSON.stringify({
    id: 'e1',
    event: 'case.assigned',
    createdAt: '2026-03-09T01:00:00.000Z',
    data: { caseId: 'c1' },
  });

  it('is sha256=<hex HMAC-SHA256 of the raw body>', () => {
    const hex = createHmac('sha256', secret).update(body).digest('hex');
    expect(signWebhookBody(secret, body)).toBe(`sha256=${hex}`);
    expect(signWebhookBody(secret, Buffer.from(body))).toBe(`sha256=${hex}`);
  });

  it('matches a known vector', () => {
    // RFC 4231 test case 2.
    expect(signWebhookBody('Jefe', 'what do ya want for nothing?')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('verifies the exact bytes only', () => {
    const header = signWebhookBody(secret, body);
    expect(verifyWebhookSignature(secret, body, header)).toBe(true);
    expect(verifyWebhookSignature(secret, body.replace('c1', 'c2'), header)).toBe(false);
    expect(verifyWebhookSignature('another-secret-123', body, header)).toBe(false);
    expect(verifyWebhookSignature(secret, body, header.slice(0, -1))).toBe(false);
    expect(verifyWebhookSignature(secret, body, undefined)).toBe(false);
  });
});
