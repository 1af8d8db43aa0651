/** Accepting an invitation: the invited person sets a password, then enrols a second factor. */
import { Hono } from 'hono';
import { createSession, endSession } from '../../platform/auth/index.ts';
import { audit, pageContext, seeOther, tenantTx, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { staffErrors } from './staff.errors.ts';
import { newPasswordForm, newPasswordLabels } from './staff.forms.ts';
import { formErrors, setStaffCookie, staffSessionPolicy } from './staff.http.ts';
import { hashPassword } from './staff.passwords.ts';
import { acceptInvitation, findOpenInvitation, recentlyAcceptedInvitation, type OpenInvitation } from './staff.service.ts';
import { InvitationPage } from './views/sign-in.tsx';

export const invitationRoutes = new Hono<AppEnv>();

/**
 * The open invitation of a link, or where to send someone whose link was used moments ago (the
 * form submitted twice, the mail link clicked again): on to enrolment if this browser holds the
 * new session, else to sign-in with the password just chosen. Other links are a 404.
 */
async function openInvitation(c: Ctx, token: string): Promise<OpenInvitation | { redirect: string }> {
  const tenant = c.var.tenant.code;
  const found = await tenantTx(c, async (tx) => (await findOpenInvitation(tx, tenant, token)) ?? { accepted: await recentlyAcceptedInvitation(tx, tenant, token) });
  if ('staffId' in found) return found;
  if (!found.accepted) throw staffErrors.invitationInvalid();
  if (c.var.staffSession?.subjectId !== found.accepted) return { redirect: '/staff/login' };
  return { redirect: c.var.staffPrincipal ? '/staff' : '/staff/mfa/setup' };
}

invitationRoutes.get('/staff/invitations/:token', async (c) => {
  const token = c.req.param('token');
  const inv = await openInvitation(c, token);
  if ('redirect' in inv) return seeOther(c, inv.redirect);
  return c.html(<InvitationPage ctx={pageContext(c)} token={token} displayName={inv.displayName} email={inv.email} errors={[]} />);
});

invitationRoutes.post('/staff/invitations/:token', async (c) => {
  const token = c.req.param('token');
  const inv = await openInvitation(c, token);
  if ('redirect' in inv) return seeOther(c, inv.redirect);
  let password: string;
  try {
    password = parseInput(newPasswordForm(inv.email), await c.req.parseBody(), newPasswordLabels).password;
  } catch (err) {
    return c.html(<InvitationPage ctx={pageContext(c)} token={token} displayName={inv.displayName} email={inv.email} errors={formErrors(err)} />, 400);
  }
  const passwordHash = await hashPassword(password);
  const tenant = c.var.tenant.code;
  const sessionId = await tenantTx(c, async (tx) => {
    const accepted = await acceptInvitation(tx, tenant, token, passwordHash);
    await audit(c, tx, { actorKind: 'staff', actorId: accepted.staffId, action: 'staff.invitation_accept', recordType: 'staff_user', recordId: accepted.staffId });
    if (c.var.staffSession) await endSession(tx, tenant, c.var.staffSession.idHash);
    // Signed in by the password just set; the second factor is enrolled on the next page.
    return createSession(tx, tenant, { kind: 'staff', subjectId: accepted.staffId, assurance: 1, mfaPassed: false }, staffSessionPolicy(c));
  });
  setStaffCookie(c, sessionId);
  return seeOther(c, '/staff/mfa/setup');
});
