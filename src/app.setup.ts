/**
 * Builds the HTTP application the same way for production, `npm start` and the end-to-end tests:
 * Fastify with a 512 KB JSON-only body limit, request ids, problem+json for every error path,
 * security headers (Helmet's, computed once), CORS for the form's origins, OpenAPI at /api/docs
 * and metrics per route.
 */
import { INestApplicationContext, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { InputHygienePipe } from './common/input-hygiene.pipe';
import { allowNullsStrictly } from './common/openapi-nullables';
import { ProblemFilter } from './common/problem.filter';
import { PROBLEM_CONTENT_TYPE, toProblem, writeClientErrorProblem } from './common/problem';
import { securityHeaders } from './common/security-headers';
import { createValidationPipe, databaseReferenceLookup } from './common/validation';
import { AppConfig } from './config/app-config';
import { MetricsService } from './metrics/metrics.service';

export const API_PREFIX = 'api/v1';
/**
 * Large enough for the largest valid body written with every non-ASCII character escaped as JSON
 * allows (`\uXXXX`, 6 bytes a Han or Cyrillic letter, 12 an emoji): a 10,000-character activity of
 * emoji is ~120 KB, a service line's keyword lists at their bounds ~290 KB.
 */
export const BODY_LIMIT_BYTES = 512 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export interface RouteEntry {
  method: string;
  url: string;
}

const routeTables = new WeakMap<object, RouteEntry[]>();

/** Every route the HTTP server registered: the guard-coverage and access-matrix specs walk it. */
export function registeredRoutes(app: NestFastifyApplication): RouteEntry[] {
  return routeTables.get(app) ?? [];
}

export interface HttpAppOptions {
  /**
   * Close the application on the usual signals (Nest's shutdown hooks); default true. `npm start`
   * handles the signals itself, to stop its embedded services after the application has closed.
   */
  shutdownHooks?: boolean;
}

export async function createHttpApp(
  config: AppConfig,
  logger: Logger,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    loggerInstance: logger,
    // Fastify would log two lines per request ("incoming request", "request completed"); the
    // onResponse hook below writes one with both lines' fields. Log writes are synchronous
    // syscalls, a visible share of the CPU a request costs.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // What Node's HTTP parser refuses before there is a request (a raw non-ASCII byte in the URL,
    // oversized headers) answers problem+json as well.
    clientErrorHandler: writeClientErrorProblem,
    // What Fastify refuses before routing (a malformed URL such as /cases/%E0%A4%A) answers problem+json too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { problem, headers } = toProblem(error, String(request.id));
      void reply.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), adapter, {
    bufferLogs: true,
    abortOnError: false,
    // Fastify's own JSON parser only: Nest's would add url-encoded forms, which the API refuses (415).
    bodyParser: false,
  });
  app.useLogger(app.get(PinoNestLogger));
  await configureHttpApp(app, config, options.shutdownHooks ?? true);
  return app;
}

async function configureHttpApp(app: NestFastifyApplication, config: AppConfig, shutdownHooks: boolean): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: anything else is 415 rather than a guess. (Fastify's own parsing errors reach the
  // global ProblemFilter through the error handler Nest installs at init.)
  fastify.removeContentTypeParser(['text/plain']);
  // A request without a body has none, whatever Content-Type it names: fetch wrappers set
  // application/json on every call, and Fastify refused a bodyless POST /auth/logout or DELETE
  // with 400 "empty body" — a logout a UI ignores the error of left the session alive. A body
  // a route needs is still named field by field by validation.
  fastify.addHook('onRequest', (request, _reply, done) => {
    const h = request.headers;
    if (
      h['content-type'] !== undefined &&
      h['transfer-encoding'] === undefined &&
      (h['content-length'] === undefined || h['content-length'] === '0')
    ) {
      delete h['content-type'];
    }
    done();
  });
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  const table: RouteEntry[] = [];
  routeTables.set(app, table);
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.push({ method, url: route.url });
  });
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (request, reply) => {
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    const route = request.routeOptions?.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  const security = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
  });
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(security.set);
    for (const name of security.remove) reply.removeHeader(name);
    done();
  });
  app.enableCors({
    origin: (origin, cb) => cb(null, origin !== undefined && config.publicFormOrigins.includes(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['Location', 'Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });

  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(new InputHygienePipe(), createValidationPipe(databaseReferenceLookup(app.get(DataSource))));
  app.useGlobalFilters(new ProblemFilter());
  if (shutdownHooks) app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('advisory-crm API')
      .setDescription(
        'Inquiry intake, routing and case pipeline. Errors are RFC 9457 problem details (application/problem+json). ' +
          'Staff endpoints need `Authorization: Bearer <accessToken>` from POST /api/v1/auth/login.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  allowNullsStrictly(document);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** The ready-to-use addresses, logged once the server listens (the admin UI and form come later). */
export function describeUrls(port: number): Record<string, string> {
  const base = `http://localhost:${port}`;
  return {
    api: `${base}/${API_PREFIX}`,
    docs: `${base}/api/docs`,
    health: `${base}/health/ready`,
  };
}

export type AppContext = INestApplicationContext;
