import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { AuthError, AuthErrorCode } from '../services/accounts/auth-errors.ts';
import type { AppError, ErrorCode } from '../services/errors.ts';

/** The one mapping from error codes to HTTP statuses. */
export const HTTP_STATUS: Record<ErrorCode | AuthErrorCode, number> = {
  UNAUTHENTICATED: 401,
  SIGN_IN_FAILED: 401,
  ACCOUNT_LOCKED: 429,
  TOO_MANY_ATTEMPTS: 429,
  CSRF_REJECTED: 403,
  SETUP_CLOSED: 409,
  PASSWORD_REJECTED: 400,
  USERNAME_REJECTED: 400,
  INVALID_INPUT: 400,
  IMPORT_INVALID: 400,
  UNSUPPORTED_FILE: 400,
  DUMP_INVALID: 400,
  DUMP_SCHEMA_MISMATCH: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  ALREADY_EXISTS: 409,
  IN_USE: 409,
  IMPORT_NOT_PREVIEWED: 409,
  DB_NOT_EMPTY: 409,
  TEMPLATE_MISMATCH: 409,
  NO_INDICATORS: 422,
  YEAR_LOCKED: 423,
  ROUND_STATE: 409,
  FINDINGS_UNACKNOWLEDGED: 422,
  NEEDS_CONFIRMATION: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SERVER_BUSY: 503,
};

/** Sends an expected failure as `{ error: { code, message, messageEn, place, details?, current? } }`. */
export function sendError(reply: FastifyReply, error: AppError | AuthError): FastifyReply {
  return reply.code(HTTP_STATUS[error.code] ?? 400).send({ error });
}

/** Fastify's own errors that are the client's fault, mapped to our codes. */
function fromFastify(err: FastifyError): AppError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        code: 'PAYLOAD_TOO_LARGE',
        message: 'アップロードが大きすぎます (上限 20 MB)',
        messageEn: 'The upload is too large (limit 20 MB)',
        place: { field: 'body' },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message:
          'この Content-Type は受け付けません (application/json、またはファイルは application/octet-stream)',
        messageEn: 'Unsupported Content-Type (use application/json, or application/octet-stream for files)',
        place: { field: 'content-type' },
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        code: 'INVALID_INPUT',
        message: '本文が正しい JSON ではありません',
        messageEn: 'The body is not valid JSON',
        place: { field: 'body' },
      };
    default:
      if (err.statusCode === 400 || (err instanceof SyntaxError && err.statusCode === 400))
        return { code: 'INVALID_INPUT', message: '要求が不正です', messageEn: err.message, place: null };
      return null;
  }
}

/**
 * Installs the error handler (5xx details hidden, logged) and the JSON 404 for unknown routes.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const known = fromFastify(err);
    if (known) return sendError(reply, known);
    request.log.error({ err }, 'unexpected error');
    return reply.code(500).send({
      error: {
        code: 'INTERNAL',
        message: 'サーバー内部でエラーが起きました。時間をおいて再度お試しください',
        messageEn: 'Internal server error',
        place: null,
      },
    });
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, {
      code: 'NOT_FOUND',
      message: `${request.method} ${request.url} はありません`,
      messageEn: `No route ${request.method} ${request.url}`,
      place: null,
    }),
  );
}
