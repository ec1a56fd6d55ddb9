/**
 * The dependency gate of .ci/run: `npm audit --omit=dev` must report no high or critical advisory
 * in production dependencies, except those accepted in .ci/audit-exceptions.json (each with a
 * reason and an expiry date; an expired acceptance counts as none). When the audit service cannot
 * be reached the step warns and passes: an outage of the registry must not block every build.
 *
 *   npx ts-node --transpile-only scripts/audit-deps.ts
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const GATED_SEVERITIES = ['high', 'critical'];

export interface AcceptedAdvisory {
  /** GHSA id, e.g. GHSA-xxxx-xxxx-xxxx, or the npm advisory number. */
  advisory: string;
  package: string;
  reason: string;
  /** YYYY-MM-DD: after this day the acceptance lapses and the build fails again. */
  expires: string;
  acceptedBy: string;
}

export interface Finding {
  advisory: string;
  package: string;
  severity: string;
  title: string;
  url: string;
}

export type Verdict =
  | { outcome: 'pass'; findings: Finding[]; accepted: Finding[]; lapsed: AcceptedAdvisory[] }
  | { outcome: 'fail'; findings: Finding[]; accepted: Finding[]; lapsed: AcceptedAdvisory[] }
  | { outcome: 'unavailable'; reason: string };

interface AuditVia {
  source?: number;
  name?: string;
  title?: string;
  url?: string;
  severity?: string;
}

interface AuditReport {
  vulnerabilities?: Record<string, { via?: Array<AuditVia | string> }>;
  metadata?: unknown;
  error?: unknown;
  message?: string;
}

const advisoryId = (via: AuditVia): string =>
  via.url?.match(/GHSA-[\w-]+/)?.[0] ?? String(via.source ?? via.title ?? 'unknown');

/** Decides from `npm audit --json` output; pure, so the rules are tested without the network. */
export function decide(rawReport: string, exceptions: AcceptedAdvisory[], today: string): Verdict {
  let report: AuditReport;
  try {
    report = JSON.parse(rawReport) as AuditReport;
  } catch {
    return { outcome: 'unavailable', reason: 'npm audit gave no JSON answer' };
  }
  if (report.error || !report.vulnerabilities || !report.metadata) {
    return { outcome: 'unavailable', reason: report.message ?? 'the audit service gave no report' };
  }
  const findings = new Map<string, Finding>();
  for (const vulnerability of Object.values(report.vulnerabilities)) {
    for (const via of vulnerability.via ?? []) {
      if (typeof via === 'string' || !GATED_SEVERITIES.includes(via.severity ?? '')) continue;
      const id = advisoryId(via);
      findings.set(id, {
        advisory: id,
        package: via.name ?? '?',
        severity: via.severity ?? '?',
        title: via.title ?? '',
        url: via.url ?? '',
      });
    }
  }
  const live = exceptions.filter((e) => e.expires >= today);
  const lapsed = exceptions.filter((e) => e.expires < today);
  const isAccepted = (f: Finding) => live.some((e) => e.advisory === f.advisory && e.package === f.package);
  const all = [...findings.values()];
  const open = all.filter((f) => !isAccepted(f));
  return { outcome: open.length ? 'fail' : 'pass', findings: open, accepted: all.filter(isAccepted), lapsed };
}

function main(): void {
  const root = join(__dirname, '..');
  const exceptions = (
    JSON.parse(readFileSync(join(root, '.ci/audit-exceptions.json'), 'utf8')) as { exceptions: AcceptedAdvisory[] }
  ).exceptions;
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const verdict = decide(run.stdout ?? '', exceptions, new Date().toISOString().slice(0, 10));
  if (verdict.outcome === 'unavailable') {
    process.stdout.write(
      `WARNING: dependency audit skipped, the audit service could not be reached (${verdict.reason}).\n`,
    );
    return;
  }
  for (const e of verdict.lapsed)
    process.stdout.write(`note: the acceptance of ${e.advisory} (${e.package}) expired on ${e.expires}\n`);
  for (const f of verdict.accepted)
    process.stdout.write(`accepted: ${f.severity} ${f.advisory} in ${f.package}: ${f.title}\n`);
  if (verdict.outcome === 'fail') {
    for (const f of verdict.findings)
      process.stdout.write(`VULNERABLE: ${f.severity} ${f.advisory} in ${f.package}: ${f.title} ${f.url}\n`);
    process.stdout.write('Upgrade, or record an accepted exception in .ci/audit-exceptions.json (see SECURITY.md).\n');
    process.exit(1);
  }
  process.stdout.write('dependency audit: no unaccepted high or critical advisory in production dependencies\n');
}

if (require.main === module) main();
