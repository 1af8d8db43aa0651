/**
 * GET /procedures/postal/:postalCode — the address for a postal code as JSON, for the form's
 * progressive enhancement (postal-lookup.ts). Without JavaScript the form's 「住所を検索」 button
 * does the same on the server. Rate limited per address, since each call costs a lookup and the
 * endpoint needs no sign-in.
 */
import { Hono } from 'hono';
import { AppError } from '../../../../platform/errors/index.ts';
import { clientIp, rateLimit, type AppEnv } from '../../../../platform/http/index.ts';
import { lookupPostalCode, postalIndex } from './postal-codes.ts';

export const postalRoutes = new Hono<AppEnv>();

/** Lookups per client address and minute: a person types a few codes; a scraper is slowed down. */
export const POSTAL_LOOKUPS_PER_MINUTE = 60;

postalRoutes.get('/procedures/postal/:postalCode{[0-9]{7}}', async (c) => {
  await rateLimit(c, { bucket: `postal:ip:${clientIp(c)}`, max: POSTAL_LOOKUPS_PER_MINUTE, windowSeconds: 60 });
  const found = lookupPostalCode(postalIndex(c.var.deps.config.dataDir), c.req.param('postalCode'));
  if (!found) throw new AppError('not_found');
  c.header('Cache-Control', 'public, max-age=86400');
  return c.json({ code: found.code, address: found.address, candidates: found.candidates.map((a) => ({ prefecture: a.prefecture, city: a.city, town: a.town, kana: a.kana })) });
});
