/**
 * Bank and branch names by code, as JSON, for the bank account field's progressive enhancement
 * (bank-lookup.ts): the name appears as the resident types a code. Without JavaScript the names
 * are shown once the section is checked. Public data (zengin-code), rate limited like the postal lookup.
 */
import { Hono } from 'hono';
import { AppError } from '../../../platform/errors/index.ts';
import { clientIp, rateLimit, type AppEnv } from '../../../platform/http/index.ts';
import { bankName, branchName } from './bank-account.ts';

export const bankRoutes = new Hono<AppEnv>();

/** Lookups per client address and minute (two per account typed, a few corrections). */
export const BANK_LOOKUPS_PER_MINUTE = 60;

bankRoutes.get('/procedures/banks/:bankCode{[0-9]{4}}', async (c) => {
  await rateLimit(c, { bucket: `bank:ip:${clientIp(c)}`, max: BANK_LOOKUPS_PER_MINUTE, windowSeconds: 60 });
  const name = bankName(c.req.param('bankCode'));
  if (!name) throw new AppError('not_found');
  c.header('Cache-Control', 'public, max-age=86400');
  return c.json({ code: c.req.param('bankCode'), name });
});

bankRoutes.get('/procedures/banks/:bankCode{[0-9]{4}}/branches/:branchCode{[0-9]{3}}', async (c) => {
  await rateLimit(c, { bucket: `bank:ip:${clientIp(c)}`, max: BANK_LOOKUPS_PER_MINUTE, windowSeconds: 60 });
  const name = branchName(c.req.param('bankCode'), c.req.param('branchCode'));
  if (!name) throw new AppError('not_found');
  c.header('Cache-Control', 'public, max-age=86400');
  return c.json({ code: c.req.param('branchCode'), name });
});
