import helmet from 'helmet';
import { securityHeaders } from './security-headers';

/** Replays Helmet on a real-looking response, to compare with the precomputed set. */
function helmetOnce(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const written: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => void (written[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete written[name.toLowerCase()],
  };
  helmet(options)({} as never, res as never, () => undefined);
  return written;
}

describe('securityHeaders', () => {
  const options = {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], frameAncestors: ["'self'"], imgSrc: ["'self'", 'data:'] },
    },
  };

  it('sets exactly the headers Helmet sets for the same options', () => {
    expect(securityHeaders(options).set).toEqual(helmetOnce(options));
  });

  it('carries the CSP directives, HSTS and nosniff, and removes X-Powered-By', () => {
    const { set, remove } = securityHeaders(options);
    expect(set['content-security-policy']).toContain("default-src 'self'");
    expect(set['content-security-policy']).toContain("img-src 'self' data:");
    expect(set['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(set['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(set['x-content-type-options']).toBe('nosniff');
    expect(remove).toContain('x-powered-by');
  });

  it('refuses options Helmet refuses, at start-up rather than on a request', () => {
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ['self'] } } })).toThrow(/self/);
  });
});
