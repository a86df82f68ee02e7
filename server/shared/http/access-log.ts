import { type FastifyReply, type FastifyRequest, LogController } from "fastify";

/**
 * One access line per request: fastify's "request completed", with the request's method and
 * masked URL (the `req` serializer), the status and the response time. Fastify's own controller
 * also writes an "incoming request" line that holds nothing the completed line does not; under
 * load those two lines were about a tenth of the gateway's CPU.
 *
 * @example
 *   Fastify({ logger, logController: new AccessLogController() });
 */
export class AccessLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, "request errored");
    else reply.log.info(line, "request completed");
  }
}
