/** Administrator pages to issue and revoke API tokens: /staff/admin/api-tokens. */
import { Hono } from 'hono';
import { z } from 'zod';
import { audit, pageContext, seeOther, tenantTx, type AppEnv } from '../../platform/http/index.ts';
import { AppError, isAppError } from '../../platform/errors/index.ts';
import { normalizeDigits, parseInput, textField } from '../../platform/validation/index.ts';
import { requireStaff } from '../staff/index.ts';
import { apiMessages as m } from './api.messages.ts';
import { scopeNames } from './api.scopes.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.service.ts';
import { TokensPage } from './views/tokens.tsx';

const uuid = z.string().uuid();

const CreateTokenForm = z.object({
  name: textField({ max: 100 }),
  scopes: z
    .array(z.enum(scopeNames as [string, ...string[]]))
    .refine((a) => a.length >= 1, { params: { text: m.scopeRequired } }),
  expiresInDays: z
    .string()
    .transform((s) => normalizeDigits(s))
    .pipe(z.union([z.literal('').transform(() => null), z.string().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().int().min(1).max(3650))])),
});

const labels = { name: m.name, scopes: m.scopes, expiresInDays: m.expires };

export const tokenRoutes = new Hono<AppEnv>();

tokenRoutes.get('/staff/admin/api-tokens', async (c) => {
  requireStaff(c, { role: 'admin' });
  const tokens = await tenantTx(c, (tx) => listApiTokens(tx, c.var.tenant.code));
  return c.html(<TokensPage ctx={pageContext(c)} tokens={tokens} revoked={c.req.query('revoked') === '1'} />);
});

tokenRoutes.post('/staff/admin/api-tokens', async (c) => {
  const staff = requireStaff(c, { role: 'admin' });
  const body = await c.req.parseBody({ all: true });
  const raw = {
    name: typeof body.name === 'string' ? body.name : '',
    scopes: ([] as unknown[]).concat(body.scopes ?? []).filter((s): s is string => typeof s === 'string'),
    expiresInDays: typeof body.expiresInDays === 'string' ? body.expiresInDays : '',
  };
  try {
    const input = parseInput(CreateTokenForm, raw, labels);
    const { token, tokens } = await tenantTx(c, async (tx) => {
      const created = await createApiToken(tx, c.var.tenant.code, { name: input.name, scopes: input.scopes, expiresInDays: input.expiresInDays, createdBy: staff.id });
      await audit(c, tx, { action: 'api_token.create', recordType: 'api_token', recordId: created.id, details: { name: input.name, scopes: input.scopes } });
      return { token: created.token, tokens: await listApiTokens(tx, c.var.tenant.code) };
    });
    // The secret is rendered once, in the response to the POST; it is never stored in clear.
    c.header('Cache-Control', 'no-store');
    return c.html(<TokensPage ctx={pageContext(c)} tokens={tokens} newToken={token} />, 201);
  } catch (err) {
    if (!isAppError(err) || err.code !== 'validation_failed') throw err;
    const tokens = await tenantTx(c, (tx) => listApiTokens(tx, c.var.tenant.code));
    return c.html(<TokensPage ctx={pageContext(c)} tokens={tokens} errors={err.fields} values={raw} />, 400);
  }
});

tokenRoutes.post('/staff/admin/api-tokens/:tokenId/revoke', async (c) => {
  requireStaff(c, { role: 'admin' });
  const id = c.req.param('tokenId');
  if (!uuid.safeParse(id).success) throw new AppError('not_found');
  await tenantTx(c, async (tx) => {
    if (!(await revokeApiToken(tx, c.var.tenant.code, id))) throw new AppError('not_found');
    await audit(c, tx, { action: 'api_token.revoke', recordType: 'api_token', recordId: id });
  });
  return seeOther(c, '/staff/admin/api-tokens?revoked=1');
});
