import { csvFile, columns, neutralizeFormula } from './report-csv';

async function text(file: ReturnType<typeof csvFile>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of file.getStream()) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

describe('report CSV', () => {
  it.each(['=HYPERLINK("http://x.example","click")', '+1+2', '-1+2', '@SUM(A1)', '\tname', '\rname'])(
    'neutralizes %j, which a spreadsheet would run as a formula',
    (value) => expect(neutralizeFormula(value)).toBe(`'${value}`),
  );

  it.each(['-2.50', '+3', '-17', 'Иван Петров', 'SHA', '2026-W01', 'a=b', ''])('leaves %j as it is', (value) =>
    expect(neutralizeFormula(value)).toBe(value),
  );

  it('writes the header, escapes formulas in text and keeps numbers and booleans', async () => {
    const csv = await text(
      csvFile('x.csv', columns('full_name', 'open_cases', 'utilization', 'active'), [
        { full_name: '=cmd|/C calc!A0', open_cases: -1, utilization: 0.5, active: true },
        { full_name: 'Li "Wei"', open_cases: 3, utilization: null, active: false },
      ]),
    );
    expect(csv).toBe(
      'full_name,open_cases,utilization,active\n' + "'=cmd|/C calc!A0,-1,0.5,true\n" + '"Li ""Wei""",3,,false\n',
    );
  });
});
