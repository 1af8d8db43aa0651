/**
 * The staff module's expected failures. Each is a platform AppError (so the HTTP layer maps it to a
 * status and a page) carrying the field it concerns and a bilingual message from the catalog.
 */
import { AppError } from '../../platform/errors/index.ts';
import { format, type Text } from '../../platform/i18n/index.ts';
import { staffMessages as m } from './staff.messages.ts';

function onField(field: string, text: Text, label: Text, params: Record<string, string | number> = {}): AppError {
  return new AppError('validation_failed', {
    fields: [{ field, message: { ja: format(text.ja, { label: `「${label.ja}」`, ...params }), en: format(text.en, { label: label.en, ...params }) } }],
  });
}

export const staffErrors = {
  /** Wrong e-mail or password, or an account that may not sign in; deliberately does not say which. */
  invalidCredentials: () => onField('email', m.invalidCredentials, m.email),
  /** Too many failed passwords in a row; the account waits `minutes`. */
  accountLocked: (minutes: number) => onField('email', m.accountLocked, m.email, { minutes }),
  /** A one-time code that does not match, or matches a step already used. */
  codeInvalid: () => onField('code', m.codeInvalid, m.code),
  /** The enrolment (TOTP secret or passkey challenge) timed out or was already used. */
  enrollmentExpired: () => onField('code', m.enrollmentExpired, m.code),
  emailAlreadyInvited: () => onField('email', m.emailAlreadyInvited, m.email),
  emailAlreadyExists: () => onField('email', m.emailAlreadyExists, m.email),
  departmentUnknown: () => onField('departmentId', m.departmentUnknown, m.department),
  departmentCodeTaken: () => onField('code', m.departmentCodeTaken, m.departmentCode),
  /** A passkey response that does not verify (bogus, wrong challenge, wrong origin, unknown key). */
  passkeyFailed: (cause?: unknown) => new AppError('validation_failed', { message: m.passkeyFailed, cause }),
  passkeyAlreadyRegistered: () => new AppError('conflict', { message: m.passkeyAlreadyRegistered }),
  /** Removing or disabling this admin would leave the municipality without one. */
  lastAdminRole: () => new AppError('conflict', { message: m.lastAdminRole }),
  lastAdminDisable: () => new AppError('conflict', { message: m.lastAdminDisable }),
  cannotDisableSelf: () => new AppError('forbidden', { message: m.cannotDisableSelf }),
  cannotResetOwnMfa: () => new AppError('forbidden', { message: m.cannotResetOwnMfa }),
  /** The last second factor of an account cannot be removed by its owner. */
  cannotRemoveLastFactor: () => new AppError('conflict', { message: m.cannotRemoveLastFactor }),
  /** Unknown, expired or already used invitation link. */
  invitationInvalid: () => new AppError('not_found', { message: m.invitationInvalid }),
  /** An invitation can only be re-sent to an account that has not been activated. */
  notInvited: () => new AppError('conflict', { message: m.notInvited }),
};
