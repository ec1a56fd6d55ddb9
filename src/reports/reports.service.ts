/**
 * The seven manager reports of PRODUCT.md flow 6 and API.md (Reports). What each one counts:
 *
 * - pipeline: cases created in the period (all cases without one), open and closed, per current
 *   stage: count, value and weighted value (value × stage probability ÷ 100) per currency (as
 *   `value` and `weightedValue` maps from currency to amount, and as `byCurrency` rows), mean age
 *   in days (creation to now for open cases, to closing for won and lost ones — the move into the
 *   outcome they have now).
 * - funnel: the cohort of cases created in the period; per stage, how many have a stage event into
 *   it at any time (up to now). A case that skipped a stage counts only for the stages it entered,
 *   so a conversion (reached ÷ reached of the previous open or won stage) can exceed 1; a reopened
 *   case counts once per stage. Lost stages get no conversion. winRate = won ÷ (won + lost) by the
 *   cohort's current stages; winRateOfCreated = won ÷ all created.
 * - velocity: over the same cohort, per open stage the median and p90 of days per stay (event to
 *   the case's next event; the stay in the current stage runs to now); time in won and lost stages
 *   is an outcome, not a step, and is not measured. Median and p90 business hours from the case's
 *   creation (routing, moments after the inquiry arrived) to its first response, in the office's
 *   calendar; median and p90 days from creation to closing as won (`closed_at`: the move into the
 *   outcome the case has now, so a case found won after it was marked lost counts to the win).
 * - sla: cases whose first-response deadline falls in the period; met = answered at or before the
 *   deadline, missed = answered late or unanswered past it, pending = unanswered with the deadline
 *   ahead; compliance = met ÷ (met + missed), so open questions do not count against anyone yet.
 *   A case closed (won or lost) unanswered before its deadline, and closed ever since (a lost case
 *   found won later, too: `closed_since`), owed no answer — the breach check passes it over too —
 *   and is not counted at all.
 *   Per office, per consultant and overall: a miss the breach check flagged is charged to whoever
 *   held the case then (`breached_under_id`, null = the office queue) and to the office it was in
 *   (`breached_office_id`: a breached case sent to another office stays the first office's miss;
 *   a case that reached its office only after the deadline that office's calendar gives it is
 *   charged to whoever the move gave it to there),
 *   every other case to its current consultant (null = the queue) and office, and the office and
 *   consultant filters (and a manager's scope) mean the same; plus every
 *   open case unanswered past its deadline (with its current consultant, who must act on it).
 *   Timestamps decide met and missed, not the `sla_breached` flag, so a breach counts before the
 *   sweep flags it (with the case's current consultant until then).
 * - workload: per staff member, open cases assigned to them, capacity, utilization (as the
 *   consultants API computes it), breached open cases, out of office now; plus each office queue.
 *   The period narrows the cases counted (by creation), like every other filter.
 * - aging: open cases per open stage by whole days since creation: 0–7, 8–30, 31–90, over 90.
 * - sources: inquiries per ISO week (UTC) by origin country, service line and source; spam and
 *   duplicates counted apart from genuine inquiries; see the repository for the service-line split
 *   and how office filters reach inquiries.
 *
 * Scope: a manager sees their office only; an officeId or consultantId outside it answers 404, as
 * if absent (API.md, Roles), and so does one that does not exist. Money is never converted: every
 * sum is per currency.
 */
import { Injectable, StreamableFile } from '@nestjs/common';
import type { Actor } from '@/common/auth.decorators';
import { NotFoundError } from '@/common/domain-error';
import { officeScope } from '@/common/scope';
import { Clock } from '@/sla/clock';
import { ReportQuery } from './dto/report-query.dto';
import {
  AgingReport,
  FunnelReport,
  PipelineReport,
  ReportFiltersView,
  SlaReport,
  SourcesReport,
  VelocityReport,
  WorkloadReport,
} from './dto/report-views.dto';
import {
  AGING_CSV,
  agingCsv,
  breachedCase,
  breachedCaseCsv,
  buildAging,
  buildFunnel,
  buildPipeline,
  buildSla,
  buildSources,
  buildVelocity,
  buildWorkload,
  FUNNEL_CSV,
  funnelCsv,
  PIPELINE_CSV,
  pipelineCsv,
  SLA_CSV,
  slaComplianceCsv,
  SOURCES_CSV,
  sourceCsv,
  VELOCITY_CSV,
  velocityCsv,
  WORKLOAD_CSV,
  workloadCsv,
} from './report-builders';
import { CsvColumn, csvFile, CsvRecord, reportFilename } from './report-csv';
import { ReportFilter, resolvePeriod } from './report-filters';
import { ReportsRepository, StageRow } from './reports.repository';

interface ReportContext {
  filter: ReportFilter;
  now: Date;
  view: ReportFiltersView;
  csv: boolean;
  query: ReportQuery;
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly clock: Clock,
  ) {}

  async pipeline(actor: Actor, query: ReportQuery): Promise<PipelineReport | StreamableFile> {
    const ctx = await this.context(actor, query);
    const [stages, rows] = await Promise.all([this.repo.stages(), this.repo.pipeline(ctx.filter, ctx.now)]);
    return ctx.csv
      ? this.csv('pipeline', ctx, PIPELINE_CSV, pipelineCsv(stages, rows))
      : buildPipeline(stages, rows, ctx.view);
  }

  async funnel(actor: Actor, query: ReportQuery): Promise<FunnelReport | StreamableFile> {
    const ctx = await this.context(actor, query);
    const stages = await this.repo.stages();
    const row = await this.repo.funnel(ctx.filter, stages);
    const report = buildFunnel(stages, row, ctx.view);
    return ctx.csv ? this.csv('funnel', ctx, FUNNEL_CSV, funnelCsv(report)) : report;
  }

  async velocity(actor: Actor, query: ReportQuery): Promise<VelocityReport | StreamableFile> {
    const ctx = await this.context(actor, query);
    const stages = await this.repo.stages();
    const codes = (category: StageRow['category']): string[] =>
      stages.filter((s) => s.category === category).map((s) => s.code);
    const row = await this.repo.velocity(ctx.filter, ctx.now, codes('open'), codes('won'));
    const report = buildVelocity(stages, row, ctx.view);
    return ctx.csv ? this.csv('velocity', ctx, VELOCITY_CSV, velocityCsv(report)) : report;
  }

  async sla(actor: Actor, query: ReportQuery): Promise<SlaReport | StreamableFile> {
    const ctx = await this.context(actor, query);
    if (!ctx.csv) {
      const [groups, breached] = await Promise.all([
        this.repo.slaCompliance(ctx.filter, ctx.now),
        this.repo.breachedOpenCases(ctx.filter, ctx.now, false),
      ]);
      return buildSla(groups, breached, ctx.view);
    }
    const summary = buildSla(await this.repo.slaCompliance(ctx.filter, ctx.now), [], ctx.view);
    const breached = this.repo.breachedOpenCases(ctx.filter, ctx.now, true);
    async function* records(): AsyncGenerator<CsvRecord> {
      yield* slaComplianceCsv(summary);
      for await (const row of breached) yield breachedCaseCsv(breachedCase(row));
    }
    return this.csv('sla', ctx, SLA_CSV, records());
  }

  async workload(actor: Actor, query: ReportQuery): Promise<WorkloadReport | StreamableFile> {
    const ctx = await this.context(actor, query);
    const [rows, queues] = await Promise.all([
      this.repo.workload(ctx.filter, ctx.now),
      ctx.filter.consultantId === null ? this.repo.officeQueues(ctx.filter, ctx.now) : Promise.resolve([]),
    ]);
    const report = buildWorkload(rows, queues, ctx.view);
    return ctx.csv ? this.csv('workload', ctx, WORKLOAD_CSV, workloadCsv(report)) : report;
  }

  async aging(actor: Actor, query: ReportQuery): Promise<AgingReport | StreamableFile> {
    const ctx = await this.context(actor, query);
    const [stages, rows] = await Promise.all([this.repo.stages(), this.repo.aging(ctx.filter, ctx.now)]);
    const report = buildAging(stages, rows, ctx.view);
    return ctx.csv ? this.csv('aging', ctx, AGING_CSV, agingCsv(report)) : report;
  }

  async sources(actor: Actor, query: ReportQuery): Promise<SourcesReport | StreamableFile> {
    const ctx = await this.context(actor, query);
    if (!ctx.csv) return buildSources(await this.repo.sources(ctx.filter, false), ctx.view);
    const rows = this.repo.sources(ctx.filter, true);
    async function* records(): AsyncGenerator<CsvRecord> {
      for await (const row of rows) yield sourceCsv(row);
    }
    return this.csv('sources', ctx, SOURCES_CSV, records());
  }

  /** Validates the period, applies the caller's scope (404 for an office or consultant outside it) and fixes "now". */
  private async context(actor: Actor, query: ReportQuery): Promise<ReportContext> {
    const period = resolvePeriod(query);
    const scope = officeScope(actor);
    const officeId = query.officeId?.toLowerCase() ?? null;
    const consultantId = query.consultantId?.toLowerCase() ?? null;
    if (
      officeId !== null &&
      ((scope !== null && !scope.includes(officeId)) || !(await this.repo.officeExists(officeId)))
    ) {
      throw new NotFoundError('office', officeId);
    }
    if (consultantId !== null) {
      const consultant = await this.repo.consultantOffice(consultantId);
      const visible =
        consultant !== null &&
        (scope === null || (consultant.officeId !== null && scope.includes(consultant.officeId)));
      if (!visible) throw new NotFoundError('consultant', consultantId);
    }
    const now = this.clock.now();
    const filter: ReportFilter = {
      period,
      officeIds: officeId !== null ? [officeId] : scope,
      consultantId,
      serviceLine: query.serviceLine ?? null,
      originCountry: query.originCountry ?? null,
    };
    return {
      filter,
      now,
      csv: query.format === 'csv',
      query,
      view: {
        from: period.from?.toISOString() ?? null,
        to: period.to?.toISOString() ?? null,
        officeId,
        consultantId,
        serviceLine: filter.serviceLine,
        originCountry: filter.originCountry,
        asOf: now.toISOString(),
      },
    };
  }

  private csv(
    report: string,
    ctx: ReportContext,
    cols: CsvColumn[],
    rows: Iterable<CsvRecord> | AsyncIterable<CsvRecord>,
  ): StreamableFile {
    return csvFile(reportFilename(report, ctx.query.from, ctx.query.to), cols, rows);
  }
}
