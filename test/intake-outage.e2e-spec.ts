/**
 * Nothing accepted is lost when Redis is down: the API keeps answering 201 at normal speed (the
 * outbox row is in Postgres, the rate limit falls back to this process), the relay records its
 * failed attempts and waits, and once Redis answers the relay enqueues the job with jobId = the
 * inquiry id, and a full worker routes it. Also: relaying a row twice makes one job, and two
 * relays never publish a row twice.
 */
import { getQueueToken } from '@nestjs/bull';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import pino from 'pino';
import { AppModule } from '../src/app.module';
import { AppConfig } from '../src/config/app-config';
import { ConfigModule } from '../src/config/config.module';
import { typeormOptions } from '../src/database/typeorm-options';
import { OutboxRelayModule } from '../src/queue/outbox-relay.module';
import { QueueModule } from '../src/queue/queue.module';
import { JOB_OPTIONS, JobName, QueueName } from '../src/queue/queue.constants';
import { createOffice } from './factories';
import { inquiryBody } from './factories/inquiries';
import { createTestApp, TestApp } from './setup/test-app';
import { waitFor } from './setup/wait';

const DEAD_REDIS = 'redis://127.0.0.1:1';

/** A worker-like context running only the outbox relay, against the given Redis. */
async function startRelay(config: AppConfig): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      TypeOrmModule.forRoot({ ...typeormOptions(config.databaseUrl), autoLoadEntities: false }),
      QueueModule,
      OutboxRelayModule,
    ],
  }).compile();
  moduleRef.useLogger(false);
  return moduleRef.init();
}

interface OutboxRow {
  id: string;
  job_id: string;
  attempts: number;
  last_error: string | null;
  published_at: Date | null;
}

describe('Redis outage', () => {
  let t: TestApp;
  const outbox = async (jobId: string): Promise<OutboxRow[]> =>
    t.db.query(`SELECT id, job_id, attempts, last_error, published_at FROM outbox WHERE job_id = $1 ORDER BY id`, [
      jobId,
    ]);

  beforeAll(async () => {
    t = await createTestApp({ redisUrl: DEAD_REDIS, publicRateLimit: 6 });
  });
  afterAll(() => t.close());

  let acceptedId: string;

  it('still answers 201 quickly with Redis down and writes the outbox row', async () => {
    // A first (refused) request warms the route up, so the timing below is the steady state.
    await t.http.post('/api/v1/inquiries').send({}).expect(400);
    const started = Date.now();
    const res = await t.http.post('/api/v1/inquiries').send(inquiryBody());
    const elapsed = Date.now() - started;
    expect(res.status).toBe(201);
    expect(elapsed).toBeLessThan(1000);
    acceptedId = res.body.id;
    const [row] = await outbox(acceptedId);
    expect(row).toMatchObject({ attempts: 0, published_at: null });
    const [inquiry] = await t.db.query(`SELECT status FROM inquiries WHERE id = $1`, [acceptedId]);
    expect(inquiry.status).toBe('received');
  });

  it('falls back to a per-process rate limit instead of refusing or letting everything through', async () => {
    for (let i = 0; i < 4; i++) await t.http.post('/api/v1/inquiries').send(inquiryBody()).expect(201);
    const res = await t.http.post('/api/v1/inquiries').send(inquiryBody());
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('the relay records failed attempts while Redis is down, keeps the row, and shuts down cleanly', async () => {
    const relay = await startRelay(t.config.with({ redisUrl: DEAD_REDIS }));
    try {
      const [row] = await waitFor(
        async () => {
          const rows = await outbox(acceptedId);
          return rows[0]?.attempts > 0 ? rows : null;
        },
        'a failed relay attempt',
        20_000,
        50,
      );
      expect(row.published_at).toBeNull();
      expect(row.last_error).toMatch(/Redis|connect|timed out/i);
    } finally {
      const closing = Date.now();
      await relay.close();
      expect(Date.now() - closing).toBeLessThan(5000);
    }
  });

  it('once Redis answers, the relay enqueues the job with jobId = inquiry id and marks the row published', async () => {
    const relay = await startRelay(t.config.with({ redisUrl: process.env.ACRM_TEST_REDIS_URL ?? '' }));
    try {
      const [row] = await waitFor(
        async () => {
          const rows = await outbox(acceptedId);
          return rows[0]?.published_at ? rows : null;
        },
        'the row to be published',
        20_000,
        50,
      );
      expect(row.last_error).toBeNull();
      const queue = relay.get<Queue>(getQueueToken(QueueName.Routing));
      const job = await queue.getJob(acceptedId);
      expect(job).not.toBeNull();
      expect(job?.name).toBe(JobName.RouteInquiry);
      expect(job?.data).toEqual({ inquiryId: acceptedId });
      expect(job?.opts.attempts).toBe(JOB_OPTIONS[JobName.RouteInquiry].attempts);

      // The same job relayed again (a crash between enqueue and commit) is still one job.
      await t.db.query(`INSERT INTO outbox (topic, payload, job_id) VALUES ($1, $2::jsonb, $3)`, [
        JobName.RouteInquiry,
        JSON.stringify({ inquiryId: acceptedId }),
        acceptedId,
      ]);
      await waitFor(
        async () => (await outbox(acceptedId)).every((r) => r.published_at !== null),
        'the outbox to drain',
        20_000,
        50,
      );
      const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
      expect(jobs.filter((j) => j.id === acceptedId)).toHaveLength(1);
    } finally {
      await relay.close();
    }
  });

  it('two relays share a backlog without publishing any row twice', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) ids.push(`backlog-${i}-${Date.now()}`);
    await t.db.query(
      `INSERT INTO outbox (topic, payload, job_id) SELECT $1, jsonb_build_object('inquiryId', id), id FROM unnest($2::text[]) AS id`,
      [JobName.RouteInquiry, ids],
    );
    const live = t.config.with({ redisUrl: process.env.ACRM_TEST_REDIS_URL ?? '' });
    const relays = await Promise.all([startRelay(live), startRelay(live)]);
    try {
      await waitFor(
        async () => {
          const [{ pending }] = await t.db.query(
            `SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL`,
          );
          return pending === 0;
        },
        'both relays to drain the backlog',
        20_000,
        50,
      );
      const [{ attempts }] = await t.db.query(
        `SELECT max(attempts)::int AS attempts FROM outbox WHERE job_id = ANY($1)`,
        [ids],
      );
      expect(attempts).toBe(1);
      const queue = relays[0].get<Queue>(getQueueToken(QueueName.Routing));
      const jobs = await Promise.all(ids.map((id) => queue.getJob(id)));
      expect(jobs.every((j) => j !== null)).toBe(true);
    } finally {
      await Promise.all(relays.map((r) => r.close()));
    }
  });

  it('a full worker, started once Redis is back, routes the inquiry accepted during the outage', async () => {
    await createOffice(t.db, { isDefault: true, serviceLines: ['bank_account', 'company_formation', 'tax'] });
    const worker = await NestFactory.createApplicationContext(
      AppModule.forRoot(
        t.config.with({ redisUrl: process.env.ACRM_TEST_REDIS_URL ?? '', runWorkers: true }),
        pino({ level: 'silent' }),
      ),
      { logger: false },
    );
    await worker.init();
    try {
      const [routed] = await waitFor(
        async () => {
          const rows: Array<{ status: string; case_id: string | null }> = await t.db.query(
            `SELECT i.status, c.id AS case_id FROM inquiries i LEFT JOIN cases c ON c.inquiry_id = i.id WHERE i.id = $1`,
            [acceptedId],
          );
          return rows[0]?.status === 'routed' ? rows : null;
        },
        'the inquiry to be routed',
        30_000,
        50,
      );
      expect(routed.case_id).toEqual(expect.any(String));
    } finally {
      await worker.close();
    }
  });
});
