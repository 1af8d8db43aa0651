/** What each staff form and JSON endpoint accepts, with the human name of every field. */
import { z } from 'zod';
import type { Labels } from '../../platform/validation/index.ts';
import { emailField, ruleMessage, normalizeDigits, textField } from '../../platform/validation/index.ts';
import { staffMessages as m } from './staff.messages.ts';
import { isCommonPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './staff.passwords.ts';
import { STAFF_ROLES, UUID_PATTERN } from './staff.schema.ts';

export const NAME_MAX = 100;

export const loginForm = z.object({
  email: emailField(),
  password: z.string({ message: 'required' }).min(1).max(1024),
});
export const loginLabels: Labels = { email: m.email, password: m.password };

/** A 6-digit code; 全角 digits, spaces and hyphens are accepted and folded. */
export const codeForm = z.object({
  code: z
    .string({ message: 'required' })
    .transform(normalizeDigits)
    .pipe(z.string().min(1).refine((s) => /^\d{6}$/.test(s), ruleMessage(m.codeFormat))),
  flow: z.string().max(100).optional(),
});
export const codeLabels: Labels = { code: m.code };

/** '' means "the whole municipality". */
const departmentChoice = z
  .string()
  .default('')
  .refine((s) => s === '' || UUID_PATTERN.test(s), ruleMessage(m.departmentUnknown))
  .transform((s) => (s === '' ? null : s.toLowerCase()));

const roleChoice = z.enum(STAFF_ROLES as [string, ...string[]]).transform((r) => r as (typeof STAFF_ROLES)[number]);

export const inviteForm = z.object({
  email: emailField(),
  displayName: textField({ max: NAME_MAX }),
  role: roleChoice,
  departmentId: departmentChoice,
});
export const inviteLabels: Labels = { email: m.email, displayName: m.displayName, role: m.role, departmentId: m.department };

export const roleForm = z.object({ role: roleChoice, departmentId: departmentChoice });
export const roleLabels: Labels = { role: m.role, departmentId: m.department };

export const departmentForm = z.object({
  code: z
    .string({ message: 'required' })
    .transform((s) => s.normalize('NFKC').trim().toLowerCase())
    .pipe(z.string().min(1).max(32).refine((s) => /^[a-z0-9][a-z0-9-]*$/.test(s), ruleMessage(m.departmentCodeFormat))),
  nameJa: textField({ max: NAME_MAX }),
  nameEn: textField({ max: NAME_MAX }),
});
export const departmentLabels: Labels = { code: m.departmentCode, nameJa: m.nameJa, nameEn: m.nameEn };

/** The new password of an invited person; rejects short, very common and e-mail-derived ones. */
export function newPasswordForm(email: string) {
  return z
    .object({
      password: z
        .string({ message: 'required' })
        .min(PASSWORD_MIN_LENGTH)
        .max(PASSWORD_MAX_LENGTH)
        .refine((p) => !isCommonPassword(p, email), ruleMessage(m.passwordCommon)),
      confirm: z.string({ message: 'required' }).min(1).max(PASSWORD_MAX_LENGTH),
    })
    .refine((v) => v.password === v.confirm, { path: ['confirm'], ...ruleMessage(m.passwordsDiffer) });
}
export const newPasswordLabels: Labels = { password: m.newPassword, confirm: m.confirmPassword };

export const passkeyLabelForm = z.object({ label: textField({ max: 60, min: 0 }) });
export const passkeyLabelLabels: Labels = { label: m.passkeyLabel };

/** The browser's WebAuthn response: shape only; @simplewebauthn/server checks the contents. */
const credentialResponse = z
  .object({
    id: z.string().min(1).max(1400),
    rawId: z.string().min(1).max(1400),
    type: z.literal('public-key'),
    response: z.record(z.string(), z.unknown()),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
    authenticatorAttachment: z.string().max(40).optional(),
  })
  .loose();

export const passkeyVerifyBody = z.object({
  flow: z.string().min(1).max(100),
  response: credentialResponse,
  label: z.string().max(1000).optional(),
  next: z.string().max(2000).optional(),
});
export const passkeyVerifyLabels: Labels = { flow: m.flowField, response: m.passkeyResponseField, label: m.passkeyLabel };
