/** The staff home and the person's own account page (details, passkeys, authenticator app, sessions). */
import { Hono } from 'hono';
import { countSessions, type StaffPrincipal } from '../../platform/auth/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { Text } from '../../platform/i18n/index.ts';
import { audit, pageContext, seeOther, tenantTx, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import { removeOwnPasskey } from './passkeys.service.ts';
import { requireStaff } from './staff.guard.ts';
import { staffMessages as m } from './staff.messages.ts';
import { staffPolicy } from './staff.policy.ts';
import { getStaffDetail, listDepartments } from './staff.service.ts';
import { AccountPage, StaffHomePage } from './views/home.tsx';

export const accountRoutes = new Hono<AppEnv>();

const accountNotices: Record<string, Text> = { totp: m.totpEnrolledNotice, passkey: m.passkeyAddedNotice, passkey_removed: m.passkeyRemovedNotice };

accountRoutes.get('/staff', async (c) => {
  const me = requireStaff(c);
  const departments = await tenantTx(c, (tx) => listDepartments(tx, c.var.tenant.code));
  return c.html(<StaffHomePage ctx={pageContext(c)} me={me} departments={departments} canAdminister={staffPolicy.administer(me)} canReadAudit={staffPolicy.readAudit(me)} />);
});

async function renderAccount(c: Ctx, me: StaffPrincipal, opts: { notice: Text | null; error: Text | null; status?: 200 | 409 }) {
  const tenant = c.var.tenant.code;
  const data = await tenantTx(c, async (tx) => ({
    detail: await getStaffDetail(tx, tenant, me.id),
    departments: await listDepartments(tx, tenant),
    sessions: await countSessions(tx, tenant, 'staff', me.id),
  }));
  if (!data.detail) throw new AppError('unauthenticated');
  return c.html(<AccountPage ctx={pageContext(c)} me={data.detail} departments={data.departments} sessions={data.sessions} notice={opts.notice} error={opts.error} />, opts.status ?? 200);
}

accountRoutes.get('/staff/account', (c) => {
  const me = requireStaff(c);
  return renderAccount(c, me, { notice: accountNotices[c.req.query('done') ?? ''] ?? null, error: null });
});

accountRoutes.post('/staff/account/passkeys/:credentialId/remove', async (c) => {
  const me = requireStaff(c);
  const credentialId = c.req.param('credentialId');
  if (!/^[A-Za-z0-9_-]{1,1400}$/.test(credentialId)) throw new AppError('not_found');
  try {
    await tenantTx(c, async (tx) => {
      const label = await removeOwnPasskey(tx, c.var.tenant.code, me.id, credentialId);
      // Already removed (a repeated submit) or not this person's: nothing to do.
      if (label !== null) await audit(c, tx, { action: 'staff.passkey_remove', recordType: 'webauthn_credential', recordId: credentialId, details: { staffId: me.id, label } });
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'conflict') return renderAccount(c, me, { notice: null, error: err.text, status: 409 });
    throw err;
  }
  return seeOther(c, '/staff/account?done=passkey_removed');
});
