/**
 * 200 inquiries for one office at once, routed by two worker processes (eight jobs each at a
 * time): nobody ends over capacity, every inquiry has one case assigned exactly once, and what did
 * not fit waits in the office queue.
 */
import { InquiryGenerator } from '../../bench/lib/inquiries';
import { destroyAgent, postInquiry } from '../../bench/lib/load';
import { Scenario } from './support';

const INQUIRIES = 200;
const CAPACITY_EACH = 8;

describe('200 inquiries into one office at once', () => {
  let scenario: Scenario;

  afterAll(async () => {
    destroyAgent();
    await scenario?.stopAll();
  });

  it('keeps every consultant within capacity and assigns every case exactly once', async () => {
    scenario = await Scenario.create('conc', { ampleCapacity: false });
    await scenario.sql(`UPDATE consultants SET capacity = $1 WHERE office_id = (SELECT id FROM offices WHERE code = 'SHA')`, [CAPACITY_EACH]);
    const api = await scenario.start('api');
    const generator = new InquiryGenerator('conc', 3);
    const answers = await Promise.all(
      Array.from({ length: INQUIRIES }, () => {
        const { body, idempotencyKey } = generator.next();
        // Everything points at Shanghai (tier 1: the city only SHA covers), in English, from a country no rule names.
        const shanghai = { ...body, originCountry: 'DE', targetCity: 'Shanghai', targetCountry: 'CN', serviceLines: ['bank_account'], preferredLanguage: 'en' as const, phone: undefined };
        return postInquiry(api.baseUrl, { body: shanghai, idempotencyKey });
      }),
    );
    expect(answers.map((a) => a.status).filter((s) => s !== 201)).toEqual([]);
    const ids = answers.map((a) => (JSON.parse(a.body) as { id: string }).id);

    await Promise.all([scenario.start('worker'), scenario.start('worker')]);
    expect(await scenario.waitAllRouted(ids, 100_000)).toEqual([]);

    const offices = await scenario.sql<{ code: string; n: number }>(
      `SELECT o.code, count(*)::int AS n FROM cases c JOIN offices o ON o.id = c.office_id WHERE c.inquiry_id = ANY($1::uuid[]) GROUP BY o.code`,
      [ids],
    );
    expect(offices).toEqual([{ code: 'SHA', n: INQUIRIES }]);
    const overCapacity = await scenario.sql(
      `SELECT k.full_name, k.capacity, count(c.id)::int AS open_cases
         FROM consultants k JOIN cases c ON c.consultant_id = k.id JOIN stages s ON s.code = c.stage_code AND s.category = 'open'
        GROUP BY k.id HAVING count(c.id) > k.capacity`,
    );
    expect(overCapacity).toEqual([]);
    const [{ capacity }] = await scenario.sql<{ capacity: number }>(
      `SELECT coalesce(sum(capacity), 0)::int AS capacity FROM consultants
        WHERE office_id = (SELECT id FROM offices WHERE code = 'SHA') AND role = 'consultant' AND active`,
    );
    const [{ assigned, queued }] = await scenario.sql<{ assigned: number; queued: number }>(
      `SELECT count(*) FILTER (WHERE consultant_id IS NOT NULL)::int AS assigned, count(*) FILTER (WHERE consultant_id IS NULL)::int AS queued
         FROM cases WHERE inquiry_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(assigned).toBeLessThanOrEqual(capacity);
    expect(assigned + queued).toBe(INQUIRIES);
    const assignedTwice = await scenario.sql(
      `SELECT case_id, count(*)::int AS n FROM case_events WHERE kind = 'assigned' GROUP BY case_id HAVING count(*) <> 1`,
    );
    expect(assignedTwice).toEqual([]);
  });
});
