/**
 * The dependency gate of .ci/run (scripts/audit-deps.ts), decided from `npm audit --json` output:
 * high and critical advisories fail unless accepted with an unexpired reason, lower ones pass, and an
 * unreachable audit service warns instead of failing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AcceptedAdvisory, decide } from '../scripts/audit-deps';

const report = (vulns: Record<string, Array<{ severity: string; ghsa: string; name: string } | string>>) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: Object.fromEntries(
      Object.entries(vulns).map(([pkg, via]) => [
        pkg,
        {
          name: pkg,
          via: via.map((v) =>
            typeof v === 'string'
              ? v
              : {
                  source: 1,
                  name: v.name,
                  title: `${v.severity} issue`,
                  url: `https://github.com/advisories/${v.ghsa}`,
                  severity: v.severity,
                },
          ),
        },
      ]),
    ),
    metadata: { vulnerabilities: {} },
  });

const accepted = (advisory: string, pkg: string, expires: string): AcceptedAdvisory => ({
  advisory,
  package: pkg,
  reason: 'not reachable',
  expires,
  acceptedBy: 'security',
});

describe('dependency audit gate', () => {
  const TODAY = '2026-11-28';

  it('passes a clean report and one with only low or moderate advisories', () => {
    expect(decide(report({}), [], TODAY).outcome).toBe('pass');
    expect(
      decide(report({ a: [{ severity: 'moderate', ghsa: 'GHSA-aaaa-aaaa-aaaa', name: 'a' }] }), [], TODAY).outcome,
    ).toBe('pass');
  });

  it('fails on a high or critical advisory, naming it, also when reached through another package', () => {
    const verdict = decide(
      report({
        lib: [{ severity: 'critical', ghsa: 'GHSA-cccc-cccc-cccc', name: 'lib' }],
        app: ['lib'],
        other: [{ severity: 'high', ghsa: 'GHSA-hhhh-hhhh-hhhh', name: 'other' }],
      }),
      [],
      TODAY,
    );
    expect(verdict).toMatchObject({
      outcome: 'fail',
      findings: [
        { advisory: 'GHSA-cccc-cccc-cccc', package: 'lib' },
        { advisory: 'GHSA-hhhh-hhhh-hhhh', package: 'other' },
      ],
    });
  });

  it('passes an advisory accepted until a later day, and fails it again once the acceptance lapsed', () => {
    const vulnerable = report({ lib: [{ severity: 'high', ghsa: 'GHSA-hhhh-hhhh-hhhh', name: 'lib' }] });
    expect(decide(vulnerable, [accepted('GHSA-hhhh-hhhh-hhhh', 'lib', '2027-01-31')], TODAY)).toMatchObject({
      outcome: 'pass',
      accepted: [{ advisory: 'GHSA-hhhh-hhhh-hhhh' }],
    });
    expect(decide(vulnerable, [accepted('GHSA-hhhh-hhhh-hhhh', 'lib', '2026-11-27')], TODAY)).toMatchObject({
      outcome: 'fail',
      lapsed: [{ advisory: 'GHSA-hhhh-hhhh-hhhh' }],
    });
    expect(decide(vulnerable, [accepted('GHSA-hhhh-hhhh-hhhh', 'other-lib', '2027-01-31')], TODAY).outcome).toBe(
      'fail',
    );
  });

  it('warns instead of failing when the audit service cannot be reached', () => {
    expect(
      decide(JSON.stringify({ message: '405 Method Not Allowed', error: { summary: '' } }), [], TODAY).outcome,
    ).toBe('unavailable');
    expect(decide('npm ERR! network', [], TODAY).outcome).toBe('unavailable');
    expect(decide('', [], TODAY).outcome).toBe('unavailable');
  });

  it('keeps a well-formed exceptions file', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '../.ci/audit-exceptions.json'), 'utf8')) as {
      exceptions: AcceptedAdvisory[];
    };
    for (const e of file.exceptions) {
      expect(e).toEqual({
        advisory: expect.stringMatching(/^GHSA-|^\d+$/),
        package: expect.any(String),
        reason: expect.stringMatching(/\S{10,}/),
        expires: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        acceptedBy: expect.any(String),
      });
    }
  });
});
