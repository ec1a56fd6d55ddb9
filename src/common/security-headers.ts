/**
 * Helmet's security headers, worked out once at start-up. Helmet builds its header values from
 * its options; @fastify/helmet rebuilt them (parsing the CSP directives again) on every request,
 * about a tenth of a millisecond of CPU each time. The options never change while the process
 * runs, so the headers are computed once by letting Helmet write them to a recorder, and an
 * onRequest hook sets the same values on every reply.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { HelmetOptions } from 'helmet';

export interface SecurityHeaders {
  /** Header name (lower case) → value, as Helmet sets them. */
  set: Record<string, string>;
  /** Headers Helmet removes (X-Powered-By). */
  remove: string[];
}

export function securityHeaders(options: Readonly<HelmetOptions>): SecurityHeaders {
  const headers: SecurityHeaders = { set: {}, remove: [] };
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      return recorder;
    },
    removeHeader(name: string) {
      headers.remove.push(name.toLowerCase());
    },
  };
  let failure: unknown = null;
  // No option of ours makes a header depend on the request: a function-valued CSP directive
  // would, and Helmet would call it here once with an empty request, so none is allowed.
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    failure = error ?? null;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}
