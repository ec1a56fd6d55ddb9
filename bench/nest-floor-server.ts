/**
 * The reports benchmark's second floor: what the fixed stack itself (NestJS on Fastify, the
 * API's adapter) adds to a report's statements on this machine. The same contract and work as
 * bench/bare-report-server.ts — run statements it was given earlier, answer their rows as JSON —
 * through a Nest controller on the Fastify adapter, with no guard, no pipes, no logger and no
 * hooks. Timed beside the API, the bare server and the statements through `pg`, it tells what
 * the framework costs apart from what the API's own token check, validation and report building
 * cost.
 *
 *   POST /calls        body: [{ sql, params, batch }] → { id }   (untimed set-up)
 *   GET  /calls/:id    runs the batches in order, the statements of one batch at the same time on
 *                      their own connections (as the `pg` replay does), and answers the rows
 *
 * Run: DATABASE_URL=… PORT=… node -r ts-node/register/transpile-only bench/nest-floor-server.ts
 */
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, NotFoundException, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import { batchesOf, connectReplayClients, runBatches, type RecordedStatement } from './lib/statement-replay';

const calls = new Map<string, RecordedStatement[][]>();
let nextId = 0;
let clients: Client[] = [];

@Controller('calls')
class CallsController {
  @Post()
  @HttpCode(201)
  create(@Body() statements: RecordedStatement[]): { id: string } {
    const id = String(nextId++);
    calls.set(id, batchesOf(statements));
    return { id };
  }

  @Get(':id')
  async run(@Param('id') id: string): Promise<unknown[][]> {
    const call = calls.get(id);
    if (!call) throw new NotFoundException('no such call');
    calls.delete(id);
    return runBatches(clients, call);
  }
}

@Module({ controllers: [CallsController] })
class FloorModule {}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  clients = await connectReplayClients(url);
  // Recorded statements with their parameters can be large (a firm-wide velocity round).
  const app = await NestFactory.create<NestFastifyApplication>(
    FloorModule,
    new FastifyAdapter({ bodyLimit: 64 * 1024 * 1024 }),
    {
      logger: false,
    },
  );
  app.getHttpAdapter().getInstance().server.keepAliveTimeout = 60_000;
  await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  process.stdout.write('listening\n');
  const stop = (): void => {
    void app
      .close()
      .then(() => Promise.all(clients.map((c) => c.end())))
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
