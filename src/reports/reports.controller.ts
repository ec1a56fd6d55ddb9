import { applyDecorators, Controller, Get, Query, Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiProblemResponses } from '@/common/api-problems';
import { Actor, CurrentActor, Roles } from '@/common/auth.decorators';
import { ReportQuery } from './dto/report-query.dto';
import {
  AgingReport,
  FunnelReport,
  PipelineReport,
  SlaReport,
  SourcesReport,
  VelocityReport,
  WorkloadReport,
} from './dto/report-views.dto';
import { ReportsService } from './reports.service';

const COMMON =
  ' Filters: `from`/`to` (a date covers its whole UTC day; `to` must not be before `from`), `officeId`, `consultantId` (the current ' +
  'consultant), `serviceLine`, `originCountry`. Managers see their office only; an office or consultant outside it answers 404. ' +
  '`format=csv` answers the same figures as text/csv (UTF-8, header row, attachment; text a spreadsheet would read as a ' +
  'formula — starting with =, +, -, @ — gets a leading apostrophe).';

/** The shared documentation of a report route: JSON schema, CSV alternative, and its problem answers. */
function Report(summary: string, description: string, type: Type<unknown>, csv: string): MethodDecorator {
  return applyDecorators(
    Roles('manager', 'admin'),
    ApiOperation({ summary, description: description + COMMON }),
    ApiExtraModels(type),
    ApiProduces('application/json', 'text/csv'),
    ApiOkResponse({
      description: `JSON (default), or with format=csv a CSV with the columns: ${csv}.`,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(type) } },
        'text/csv': { schema: { type: 'string', example: csv } },
      },
    }),
    ApiProblemResponses({
      400: 'a bad date, from after to, an unknown format or filter (problem+json naming each field)',
      401: 'missing or bad access token',
      403: 'consultants have no reports',
      404: 'officeId or consultantId unknown or outside your scope',
      503: 'the reports database does not answer, or the report ran too long',
    }),
  );
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('pipeline')
  @Report(
    'Cases per current stage: count, value and weighted value per currency, mean age',
    'Cases created in the period (all when no period), open and closed, grouped by their current stage. Values are summed per currency and never converted; weighted value = value × stage probability ÷ 100, rounded to the cent. Age: days from creation to now (open) or to closing (won, lost).',
    PipelineReport,
    'stage,stage_name,category,probability,currency,count,value,weighted_value,avg_age_days (one row per stage and currency; blank currency = cases without a value)',
  )
  pipeline(@CurrentActor() actor: Actor, @Query() query: ReportQuery) {
    return this.reports.pipeline(actor, query);
  }

  @Get('funnel')
  @Report(
    'For cases created in the period: how many ever reached each stage, conversion, win rate',
    'A case has reached every stage it has a stage event into (up to now). A case that skipped a stage counts only for the stages it entered, so a conversion can exceed 1; a reopened case counts once per stage. Conversion = reached ÷ reached of the previous open or won stage (none for lost stages). winRate = won ÷ (won + lost) by current stage; winRateOfCreated = won ÷ all created.',
    FunnelReport,
    'stage,stage_name,category,reached,conversion_from_previous,share_of_cohort,cohort_cases,cohort_won,cohort_lost,win_rate,win_rate_of_created',
  )
  funnel(@CurrentActor() actor: Actor, @Query() query: ReportQuery) {
    return this.reports.funnel(actor, query);
  }

  @Get('velocity')
  @Report(
    'Median and p90 days per open stage, business hours to first response, days to win',
    'Over cases created in the period. A stay in a stage lasts from its stage event to the case’s next one; the stay in the current stage counts up to now. Won and lost stages are outcomes and are not timed. First response: business hours from creation to first response in the office’s calendar (zone, days, hours, holidays, make-up days). To win: days from creation to closing, for cases now won.',
    VelocityReport,
    'metric,stage,count,median,p90,unit (time_in_stage per open stage in days, first_response in business_hours, time_to_win in days)',
  )
  velocity(@CurrentActor() actor: Actor, @Query() query: ReportQuery) {
    return this.reports.velocity(actor, query);
  }

  @Get('sla')
  @Report(
    'First-response compliance by office and consultant; open cases unanswered past their deadline',
    'Cases whose first-response deadline falls in the period. met: answered at or before the deadline; missed: answered late, or unanswered with the deadline passed; pending: unanswered, deadline ahead. compliance = met ÷ (met + missed). By office and by consultant (a flagged miss: the office the case was in and whoever held it then; otherwise the current office and consultant; null consultant = office queue) and overall; the officeId and consultantId filters, and a manager’s scope, read the same; breachedOpenCases lists open cases unanswered past their deadline, oldest first.',
    SlaReport,
    'row_type (total|office|consultant|breached_case),office_id,office_code,office_name,consultant_id,consultant_name,due,met,missed,pending,compliance,case_id,reference,stage,created_at,first_response_due_at,overdue_hours',
  )
  sla(@CurrentActor() actor: Actor, @Query() query: ReportQuery) {
    return this.reports.sla(actor, query);
  }

  @Get('workload')
  @Report(
    'Per consultant: open cases, capacity, utilization, breached cases, out of office now',
    'Every active consultant and manager in scope, and anyone still holding a matching open case. openCases counts open cases assigned to them that match the filters (the period applies to case creation); utilization = openCases ÷ capacity. officeQueues: unassigned open cases per office.',
    WorkloadReport,
    'row_type (consultant|office_queue),consultant_id,full_name,office_id,office_code,role,active,capacity,open_cases,utilization,breached_open_cases,out_of_office_now,out_of_office_until',
  )
  workload(@CurrentActor() actor: Actor, @Query() query: ReportQuery) {
    return this.reports.workload(actor, query);
  }

  @Get('aging')
  @Report(
    'Open cases per stage in age buckets 0–7, 8–30, 31–90 and over 90 days',
    'Age is whole days since the case was created (a case 7 days and 23 hours old is in 0–7). Open stages in pipeline order, every bucket present.',
    AgingReport,
    'stage,stage_name,days_0_7,days_8_30,days_31_90,days_over_90,total',
  )
  aging(@CurrentActor() actor: Actor, @Query() query: ReportQuery) {
    return this.reports.aging(actor, query);
  }

  @Get('sources')
  @Report(
    'Inquiries per ISO week by origin country, service line and source; spam and duplicates apart',
    'Inquiries received in the period, per ISO 8601 week (UTC, e.g. 2026-W53 runs into January). Genuine inquiries (received, routed), spam and duplicates are counted separately. Weekly totals and the country and source splits count each inquiry once; the service-line split counts an inquiry under each line it names (null: none). Office and consultant filters (and a manager’s scope) follow the inquiry’s case, or for a duplicate the case of the inquiry it repeats; spam and unrouted inquiries belong to no office and appear only to admins without those filters.',
    SourcesReport,
    'week,dimension (total|originCountry|serviceLine|source),key,inquiries,spam,duplicates',
  )
  sources(@CurrentActor() actor: Actor, @Query() query: ReportQuery) {
    return this.reports.sources(actor, query);
  }
}
