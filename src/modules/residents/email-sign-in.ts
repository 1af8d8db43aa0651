/**
 * Sign-in with an e-mail one-time code (assurance level 1): a 6-digit code, valid 10 minutes, usable
 * once, at most 5 tries. The code lives only in the encrypted auth flow of the browser that asked.
 */
import crypto from 'node:crypto';
import { safeEqual } from '../../platform/crypto/index.ts';
import { format } from '../../platform/i18n/index.ts';
import type { OutgoingMail } from '../../platform/mail/index.ts';
import type { Tenant } from '../../platform/tenancy/index.ts';
import { residentMessages as m } from './residents.messages.ts';

export const CODE_TTL_MINUTES = 10;
export const MAX_CODE_ATTEMPTS = 5;

export interface EmailFlowState {
  /** Normalised (NFKC, lower case) address the code was sent to. */
  email: string;
  code: string;
  next: string | null;
}

export function generateCode(): string {
  return String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
}

export function codeMatches(flow: EmailFlowState, typed: string): boolean {
  return safeEqual(flow.code, typed);
}

/** The code e-mail, Japanese first then English, with the page to type it into. */
export function codeMail(tenant: Tenant, to: string, code: string): OutgoingMail {
  const params = { code, url: `${tenant.origin}/auth/email/verify` };
  const ja = { ...params, city: tenant.nameJa };
  const en = { ...params, city: tenant.nameEn };
  return {
    tenant: tenant.code,
    to,
    subject: `${format(m.mailSubject.ja, ja)} / ${format(m.mailSubject.en, en)}`,
    text: `${format(m.mailBody.ja, ja)}\n\n----------------------------------------\n\n${format(m.mailBody.en, en)}\n`,
  };
}
