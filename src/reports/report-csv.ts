/**
 * CSV answers for the reports: csv-stringify with a header row (also when there are no rows),
 * UTF-8 without a byte-order mark, `text/csv; charset=utf-8`, as an attachment. Rows are pulled
 * from an (async) iterable as the client reads, so a cursor-backed report streams end to end with
 * back-pressure; a stream error after the headers went out aborts the download.
 *
 * Text that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return
 * first) gets a leading apostrophe: staff and office names are typed by managers, and a name such
 * as `=HYPERLINK(…)` must not run in the spreadsheet of whoever opens the export (OWASP, CSV
 * injection). Numbers, and text that is only a number such as `-2.50`, are left as they are.
 */
import { StreamableFile } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { pipeline, Readable } from 'node:stream';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

export type CsvValue = string | number | boolean | null | undefined;
export type CsvRecord = Record<string, CsvValue>;

export interface CsvColumn {
  key: string;
  header: string;
}

/** Columns whose header is the key itself (snake_case, as spreadsheet users expect). */
export const columns = (...keys: string[]): CsvColumn[] => keys.map((key) => ({ key, header: key }));

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** `=1+2` → `'=1+2`; `-2.50` and ordinary text unchanged. */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

export function csvFile(
  filename: string,
  cols: CsvColumn[],
  rows: Iterable<CsvRecord> | AsyncIterable<CsvRecord>,
): StreamableFile {
  const stringifier = stringify({
    header: true,
    columns: cols,
    cast: { boolean: (value) => (value ? 'true' : 'false'), string: neutralizeFormula },
  });
  // pipeline destroys the source when the response is torn down, which ends a cursor's iteration.
  pipeline(Readable.from(rows), stringifier, () => undefined);
  return new StreamableFile(stringifier, {
    type: CSV_CONTENT_TYPE,
    disposition: `attachment; filename="${filename}"`,
  });
}

/** `pipeline-report_2026-01-01_2026-03-31.csv`: the report and the period as asked, ASCII letters, digits and dashes only. */
export function reportFilename(report: string, from?: string, to?: string): string {
  const part = (s?: string): string => (s ? s.replace(/[^0-9A-Za-z-]/g, '') : 'all');
  return `${report}-report_${part(from)}_${part(to)}.csv`;
}
