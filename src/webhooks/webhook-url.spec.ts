import { checkWebhookTarget, isPrivateAddress } from './webhook-url';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::1',
    '::',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456:789a::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '64:ff9b:1::a00:1',
    '64:ff9b:1:808:8:800::',
    '2002:c0a8:0101::1',
    '2001:db8::1',
    'not-an-ip',
  ])('%s is refused', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('%s is public', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });
});

describe('checkWebhookTarget', () => {
  it('refuses literal private addresses and localhost without asking DNS for more', async () => {
    await expect(checkWebhookTarget(new URL('http://127.0.0.1:8080/hook'))).resolves.toEqual({
      ok: false,
      reason: 'private',
      address: '127.0.0.1',
    });
    await expect(checkWebhookTarget(new URL('http://[::1]/hook'))).resolves.toMatchObject({
      ok: false,
      reason: 'private',
    });
    await expect(checkWebhookTarget(new URL('http://localhost/hook'))).resolves.toMatchObject({
      ok: false,
      reason: 'private',
    });
  });

  it('accepts a public literal address', async () => {
    await expect(checkWebhookTarget(new URL('https://8.8.8.8/hook'))).resolves.toEqual({ ok: true });
  });

  it('calls a name that does not resolve unresolvable', async () => {
    await expect(checkWebhookTarget(new URL('https://no-such-host.invalid/hook'))).resolves.toEqual({
      ok: false,
      reason: 'unresolvable',
    });
  });
});
