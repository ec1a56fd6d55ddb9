import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem';

/** Every exception leaves as problem+json; internal ones are logged with a request id, never shown. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const result = toProblem(error, String(request.id));
    if (result.internal) {
      this.logger.error({ err: error, requestId: request.id }, 'unhandled error');
    }
    // RFC 9110 §11.6.1: a 401 names the scheme that would be accepted.
    const headers =
      result.problem.status === 401
        ? { ...result.headers, 'www-authenticate': 'Bearer realm="advisory-crm"' }
        : result.headers;
    void reply.status(result.problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(result.problem);
  }
}
