/**
 * Staff passwords: scrypt (node:crypto) with a random salt, stored as a self-describing string
 * `scrypt$N$r$p$salt$hash` so the cost can be raised later without breaking existing hashes
 * (`needsRehash` tells sign-in to upgrade them). Comparison is constant-time.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

/** OWASP's minimum for scrypt: N=2^17, r=8, p=1 (128 MiB, about 0.25 s on one core). */
const COST = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

function maxmem(N: number, r: number, p: number): number {
  return 128 * N * r * p + 32 * 1024 * 1024;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const { N, r, p } = COST;
  const hash = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N, r, p, maxmem: maxmem(N, r, p) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** A hash no password matches, verified when the account does not exist so timing reveals nothing. */
let decoy: Promise<string> | null = null;

/**
 * Checks a password against a stored hash (or, given null, against a decoy of the same cost).
 * Returns whether it matched and whether the stored hash uses an outdated cost.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<{ ok: boolean; needsRehash: boolean }> {
  decoy ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  const target = stored ?? (await decoy);
  const parts = target.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return { ok: false, needsRehash: false };
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (!Number.isInteger(N) || N < 2 || N > 2 ** 20 || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16 || !expected.length)
    return { ok: false, needsRehash: false };
  const actual = await scrypt(password.normalize('NFC'), salt, expected.length, { N, r, p, maxmem: maxmem(N, r, p) });
  const ok = stored !== null && crypto.timingSafeEqual(actual, expected);
  return { ok, needsRehash: ok && (N < COST.N || r !== COST.r || p !== COST.p) };
}

/** A strong random password for an account an operator creates (about 128 bits). */
export function generatePassword(): string {
  return crypto.randomBytes(16).toString('base64url').replace(/[-_]/g, (ch) => (ch === '-' ? 'x' : 'y'));
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

// Common passwords of 12 or more characters (shorter ones fail the length rule anyway), compared in lower case.
const COMMON = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456789123', '1234567890qwerty', '098765432109',
  '111111111111', '000000000000', '123123123123', '121212121212', '112233445566', '147258369147',
  'password1234', 'password12345', 'password123!', 'password!234', 'passwordpassword', 'password123456',
  'p@ssw0rd1234', 'p@ssword1234', 'passw0rd1234', 'mypassword123', 'thisismypassword', 'password0000',
  'qwertyuiop12', 'qwertyuiopas', 'qwerty123456', 'qwertyqwerty', 'qwerty123456789', '1qaz2wsx3edc',
  '1q2w3e4r5t6y', 'q1w2e3r4t5y6', 'zaq12wsxcde3', 'asdfghjkl123', 'asdfasdfasdf', 'zxcvbnm12345',
  'abcdefghijkl', 'abcd12345678', 'abc123456789', 'abcabcabcabc', 'iloveyou1234', 'iloveyouiloveyou',
  'letmein12345', 'welcome12345', 'welcome123456', 'changeme1234', 'administrator', 'administrator1',
  'admin1234567', 'adminadmin123', 'superman1234', 'football1234', 'baseball1234', 'sunshine1234',
  'princess1234', 'dragon123456', 'monkey123456', 'trustno11234', 'starwars1234', 'whatever1234',
  'computer1234', 'internet1234', 'yakuba123456', 'yakubayakuba', 'shiyakusho123', 'yakusho12345',
  'tokyo1234567', 'nippon123456', 'japan1234567', 'sakura123456', 'doraemon1234', 'pokemon12345',
]);

const SEQUENCES = ['0123456789012345678901234567890', 'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm'];

/**
 * True for passwords that are long enough but still easy to guess: on the common list, built from
 * the e-mail address, one short unit repeated (abcabcabc…), few distinct characters, or a keyboard
 * or alphabet run. Returns false for anything else.
 */
export function isCommonPassword(password: string, email?: string): boolean {
  const p = password.normalize('NFKC').toLowerCase();
  if (COMMON.has(p)) return true;
  const stripped = p.replace(/[^a-z0-9]/g, '');
  if (COMMON.has(stripped)) return true;
  if (new Set(p).size < 5) return true;
  if (/^(.{1,6})\1+.{0,3}$/.test(p)) return true;
  if (SEQUENCES.some((s) => s.includes(stripped) || [...s].reverse().join('').includes(stripped)) && stripped.length >= p.length - 2) return true;
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && stripped.replace(/\d+$/, '') === local.replace(/[^a-z0-9]/g, '')) return true;
  if (/^(password|passw0rd|p@ssw0rd|qwerty|admin|welcome|letmein|iloveyou)[0-9!@#$%^&*.]*$/.test(p)) return true;
  return false;
}
