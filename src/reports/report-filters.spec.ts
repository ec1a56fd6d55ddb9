import { DomainError } from '@/common/domain-error';
import { SqlParams } from '@/common/sql';
import {
  casesCreated,
  filterSql,
  inquiriesReceived,
  inquiryCaseScopeSql,
  ReportFilter,
  resolvePeriod,
  withoutCaseScope,
} from './report-filters';

describe('resolvePeriod', () => {
  it.each([
    [{}, null, null],
    [{ from: '2026-01-01' }, '2026-01-01T00:00:00.000Z', null],
    [{ to: '2026-03-31' }, null, '2026-04-01T00:00:00.000Z'],
    [{ from: '2026-01-01', to: '2026-03-31' }, '2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    [{ from: '2026-03-01', to: '2026-03-01' }, '2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z'],
    [{ from: '2026-03-01T10:00:00Z', to: '2026-03-01' }, '2026-03-01T10:00:00.000Z', '2026-03-02T00:00:00.000Z'],
    [
      { from: '2026-03-01T10:00:00+08:00', to: '2026-03-01T10:00:00+08:00' },
      '2026-03-01T02:00:00.000Z',
      '2026-03-01T02:00:00.000Z',
    ],
    [{ from: '2026-12-31T23:00:00-02:00', to: '2027-01-01' }, '2027-01-01T01:00:00.000Z', '2027-01-02T00:00:00.000Z'],
    // Before 1970 too, `to` as a day is the day `from` falls on, not the day after it.
    [{ from: '1969-12-31T10:00:00Z', to: '1969-12-31' }, '1969-12-31T10:00:00.000Z', '1970-01-01T00:00:00.000Z'],
  ])('%j → [%s, %s)', (query, from, to) => {
    const period = resolvePeriod(query);
    expect(period.from?.toISOString() ?? null).toBe(from);
    expect(period.to?.toISOString() ?? null).toBe(to);
  });

  it.each([
    [{ from: '2026-03-01', to: '2026-02-28' }],
    [{ from: '2026-03-01T00:00:01Z', to: '2026-03-01T00:00:00Z' }],
    [{ from: '2026-03-02T00:00:00+01:00', to: '2026-02-28' }],
  ])('refuses the inverted period %j naming from and to', (query) => {
    expect.assertions(2);
    try {
      resolvePeriod(query);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).options.errors?.map((e) => e.field)).toEqual(['from', 'to']);
    }
  });
});

describe('filterSql', () => {
  const none: ReportFilter = {
    period: { from: null, to: null },
    officeIds: null,
    consultantId: null,
    serviceLine: null,
    originCountry: null,
  };

  it('is TRUE without filters', () => {
    const params = new SqlParams();
    expect(filterSql(none, params, casesCreated())).toBe('TRUE');
    expect(params.values).toEqual([]);
  });

  it('applies every filter as a parameter, never as text', () => {
    const params = new SqlParams();
    params.add('now');
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date('2026-04-01T00:00:00Z');
    const sql = filterSql(
      { period: { from, to }, officeIds: ['o1'], consultantId: 'k1', serviceLine: "tax'; --", originCountry: 'RU' },
      params,
      casesCreated('x'),
    );
    expect(sql).toBe(
      'x.office_id = ANY($2::uuid[]) AND x.consultant_id = $3::uuid AND x.service_lines @> ARRAY[$4::text] AND x.origin_country = $5 ' +
        'AND x.created_at >= $6::timestamptz AND x.created_at < $7::timestamptz',
    );
    expect(params.values).toEqual(['now', ['o1'], 'k1', "tax'; --", 'RU', from, to]);
  });
});

describe('inquiries and their case scope', () => {
  const filter: ReportFilter = {
    period: { from: null, to: null },
    officeIds: ['o1'],
    consultantId: 'k1',
    serviceLine: 'tax',
    originCountry: 'RU',
  };

  it('refuses office or consultant on inquiries themselves: they are the case’s', () => {
    expect(() => filterSql(filter, new SqlParams(), inquiriesReceived())).toThrow(/no office/);
    expect(() => filterSql({ ...filter, officeIds: null }, new SqlParams(), inquiriesReceived())).toThrow(
      /no consultant/,
    );
  });

  it('applies the rest to the inquiry and office and consultant to its case, or the original’s case for a duplicate', () => {
    const params = new SqlParams();
    const sql = `${filterSql(withoutCaseScope(filter), params, inquiriesReceived())} ${inquiryCaseScopeSql(filter, params)}`;
    expect(sql).toBe(
      'i.service_lines @> ARRAY[$1::text] AND i.origin_country = $2 ' +
        'AND coalesce(i.duplicate_of_id, i.id) IN (SELECT c.inquiry_id FROM cases c WHERE c.office_id = ANY($3::uuid[]) AND c.consultant_id = $4::uuid)',
    );
    expect(params.values).toEqual(['tax', 'RU', ['o1'], 'k1']);
  });

  it('adds nothing without an office or consultant', () => {
    expect(inquiryCaseScopeSql(withoutCaseScope(filter), new SqlParams())).toBe('');
  });
});
