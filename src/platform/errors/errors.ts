/**
 * One error model for the whole platform. Each error has a stable code (documented below, used by
 * API clients), an HTTP status, and a bilingual message; the HTTP layer maps it to a JSON body or a page.
 */
import type { Text } from '../i18n/index.ts';

export const errorCodes = {
  /** Input failed validation; `fields` names each field and how to fix it. */
  validation_failed: { status: 400, message: { ja: '入力内容を確認してください。', en: 'Please check what you entered.' } },
  /** The request body is not valid JSON or form data. */
  malformed_request: { status: 400, message: { ja: 'リクエストの形式が正しくありません。', en: 'The request is not well-formed.' } },
  /** No signed-in session, or it has ended. */
  unauthenticated: { status: 401, message: { ja: 'サインインしてください。', en: 'Please sign in.' } },
  /** The session ended because it was idle or too old. */
  session_expired: { status: 401, message: { ja: '一定時間操作がなかったため、サインアウトしました。もう一度サインインしてください。', en: 'You were signed out after a period of inactivity. Please sign in again.' } },
  /** Signed in, but this account may not do this. */
  forbidden: { status: 403, message: { ja: 'この操作を行う権限がありません。', en: 'You do not have permission to do this.' } },
  /** The form was not sent from this site's page (CSRF protection), or the page is too old. */
  csrf_failed: { status: 403, message: { ja: 'ページの有効期限が切れました。ページを再読み込みして、もう一度送信してください。', en: 'This page has expired. Reload the page and send it again.' } },
  /** A higher sign-in level (マイナンバーカード) is needed. */
  assurance_required: { status: 403, message: { ja: 'この手続にはマイナンバーカードでのサインインが必要です。', en: 'This requires signing in with your My Number Card.' } },
  /** Nothing here, or it belongs to another municipality. */
  not_found: { status: 404, message: { ja: 'お探しのページは見つかりませんでした。', en: 'We could not find that page.' } },
  /** The host name belongs to no municipality. */
  tenant_not_found: { status: 404, message: { ja: 'この自治体はyakubaに登録されていません。', en: 'This municipality is not served here.' } },
  /** The record changed or already exists. */
  conflict: { status: 409, message: { ja: 'ほかの操作と重なりました。最新の状態を確認してください。', en: 'This conflicts with another change. Please check the latest state.' } },
  /** An Idempotency-Key was used before with a different request body (IETF Idempotency-Key draft). */
  idempotency_key_reused: { status: 422, message: { ja: 'この Idempotency-Key は別の内容の送信にすでに使われています。新しいキーで送信してください。', en: 'This Idempotency-Key was already used for a request with different content. Send it with a new key.' } },
  /** A file field names an attachment that cannot be used there (another person's, procedure's or field's, already used, expired), or an uploaded file was refused; `fields` names the field. */
  invalid_attachment: { status: 422, message: { ja: '添付ファイルを確認してください。', en: 'Please check the attached files.' } },
  /** The body is larger than allowed. */
  payload_too_large: { status: 413, message: { ja: '送信された内容が大きすぎます。文章を短くするか、ファイルを小さくしてから、もう一度送信してください。', en: 'What you sent is too large. Shorten the text or make the file smaller, and send it again.' } },
  /** Too many attempts; wait and retry. */
  rate_limited: { status: 429, message: { ja: '短い時間に操作が多すぎます。しばらく待ってからもう一度お試しください。', en: 'Too many attempts. Please wait a little and try again.' } },
  /** Something failed on our side; the request id helps support find it. */
  internal: { status: 500, message: { ja: 'システムで問題が発生しました。時間をおいてもう一度お試しください。', en: 'Something went wrong on our side. Please try again later.' } },
  /** A dependency (database) is not available. */
  unavailable: { status: 503, message: { ja: 'ただいまサービスを利用できません。', en: 'The service is not available right now.' } },
} as const satisfies Record<string, { status: number; message: Text }>;

export type ErrorCode = keyof typeof errorCodes;

export interface FieldError {
  /** Field name as sent in the form or JSON (dotted path for nested fields). */
  field: string;
  message: Text;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly options: { message?: Text; fields?: FieldError[]; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(options.message?.en ?? errorCodes[code].message.en, { cause: options.cause });
    this.status = errorCodes[code].status;
  }

  get text(): Text {
    return this.options.message ?? errorCodes[this.code].message;
  }

  get fields(): FieldError[] {
    return this.options.fields ?? [];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
