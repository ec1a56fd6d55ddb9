import { QueryFailedError } from 'typeorm';
import { toProblem } from './problem';

describe('toProblem', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

  it.each([
    ['a refused connection', refused],
    [
      'a server shutting down (57P01)',
      new QueryFailedError('SELECT 1', [], Object.assign(new Error('terminating connection'), { code: '57P01' })),
    ],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['too many connections (53300)', Object.assign(new Error('sorry, too many clients already'), { code: '53300' })],
  ])('answers 503 with Retry-After for %s', (_name, error) => {
    const result = toProblem(error, 'req-1');
    expect(result.problem).toMatchObject({ status: 503, code: 'dependency_unavailable', requestId: 'req-1' });
    expect(result.headers['retry-after']).toBe('5');
    expect(result.internal).toBe(false);
  });

  it.each([
    ['a deadlock (40P01)', '40P01'],
    ['a serialization failure (40001)', '40001'],
  ])('answers 409 for %s: nothing was written, and the request may be sent again', (_name, code) => {
    const error = new QueryFailedError('UPDATE x', [], Object.assign(new Error('deadlock detected'), { code }));
    const result = toProblem(error, 'req-3');
    expect(result.problem).toMatchObject({ status: 409, code: 'concurrent_change', requestId: 'req-3' });
    expect(JSON.stringify(result.problem)).not.toMatch(/UPDATE|deadlock/);
    expect(result.headers['retry-after']).toBe('1');
    expect(result.internal).toBe(false);
  });

  it('keeps other failures a 500 without internals', () => {
    const result = toProblem(
      new QueryFailedError('SELECT broken', [], Object.assign(new Error('syntax error'), { code: '42601' })),
      'req-2',
    );
    expect(result.problem).toMatchObject({ status: 500, code: 'internal_error' });
    expect(JSON.stringify(result.problem)).not.toMatch(/SELECT|syntax/);
    expect(result.internal).toBe(true);
  });
});
