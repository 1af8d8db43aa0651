/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps expect them: SHA-1, 6 digits,
 * 30-second steps. A code is accepted one step early or late (clock drift), and the step it
 * matched is returned so the caller can refuse the same code twice.
 */
import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;

function totp(secret: string, account = '', issuer = ''): TOTP {
  return new TOTP({ issuer, label: account, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** A new random 160-bit secret, base32-encoded. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function isTotpSecret(secret: string): boolean {
  return /^[A-Z2-7]{16,128}$/.test(secret);
}

/** The otpauth:// URI an authenticator app scans. */
export function totpUri(secret: string, account: string, issuer: string): string {
  return totp(secret, account, issuer).toString();
}

/** The code an authenticator would show at `at` (ms since epoch). */
export function currentTotpCode(secret: string, at = Date.now()): string {
  return totp(secret).generate({ timestamp: at });
}

/** The time step a code belongs to, if it matches within ±1 step of `at`; otherwise null. */
export function matchTotpStep(secret: string, code: string, at = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: at, window: 1 });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: at }) + delta;
}

/** Seconds left in the current step (the demo OTP command prints it). */
export function totpSecondsRemaining(at = Date.now()): number {
  return Math.ceil(TOTP.remaining({ period: PERIOD, timestamp: at }) / 1000);
}
