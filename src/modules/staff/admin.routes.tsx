/**
 * Administration: staff accounts (invite, roles, disable/enable, reset second factor, resend
 * invitation), departments, and the audit log with chain verification. Every change is audited in
 * the transaction that makes it.
 */
import { Hono } from 'hono';
import type { StaffPrincipal } from '../../platform/auth/index.ts';
import { listAudit, verifyChain } from '../../platform/audit/index.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError, type FieldError } from '../../platform/errors/index.ts';
import { format, type Text } from '../../platform/i18n/index.ts';
import { audit, pageContext, seeOther, tenantTx, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { authorize, requireStaff } from './staff.guard.ts';
import { staffErrors } from './staff.errors.ts';
import { departmentForm, departmentLabels, inviteForm, inviteLabels, roleForm, roleLabels } from './staff.forms.ts';
import { formErrors, formText, uuidParam } from './staff.http.ts';
import { staffMessages as m } from './staff.messages.ts';
import { staffPolicy } from './staff.policy.ts';
import {
  addRole,
  createDepartment,
  disableStaff,
  enableStaff,
  getStaffDetail,
  inviteStaff,
  listDepartments,
  listStaff,
  reissueInvitation,
  removeRole,
  resetSecondFactor,
  staffNames,
  staffStatus,
} from './staff.service.ts';
import { formatDateTime } from './views/common.tsx';
import { AdminIndexPage, AuditPage, DepartmentsPage, StaffDetailPage, StaffListPage, type InviteValues } from './views/admin.tsx';

export const adminRoutes = new Hono<AppEnv>();

const AUDIT_PAGE_SIZE = 50;

function admin(c: Ctx): StaffPrincipal {
  const me = requireStaff(c);
  authorize(staffPolicy.manageStaff(me));
  return me;
}

adminRoutes.get('/staff/admin', (c) => {
  const me = requireStaff(c);
  authorize(staffPolicy.administer(me) || staffPolicy.readAudit(me));
  return c.html(<AdminIndexPage ctx={pageContext(c)} canAdminister={staffPolicy.administer(me)} canReadAudit={staffPolicy.readAudit(me)} />);
});

// ── Staff accounts ──────────────────────────────────────────────────────────

async function renderStaffList(c: Ctx, values: InviteValues, errors: FieldError[], status: 200 | 400 = 200) {
  const tenant = c.var.tenant.code;
  const data = await tenantTx(c, async (tx) => ({ staff: await listStaff(tx, tenant), departments: await listDepartments(tx, tenant) }));
  return c.html(<StaffListPage ctx={pageContext(c)} staff={data.staff} departments={data.departments} values={values} errors={errors} />, status);
}

adminRoutes.get('/staff/admin/staff', (c) => {
  admin(c);
  return renderStaffList(c, { email: '', displayName: '', role: 'clerk', departmentId: '' }, []);
});

/** Mails an invitation link, in Japanese then English. Returns false (and logs) if sending failed. */
async function mailInvitation(c: Ctx, to: { email: string; displayName: string }, token: string, expiresAt: Date): Promise<boolean> {
  const tenant = c.var.tenant;
  const link = `${tenant.origin}/staff/invitations/${token}`;
  const ja = { name: to.displayName, city: tenant.nameJa, link, expires: formatDateTime(expiresAt, 'ja') };
  const en = { name: to.displayName, city: tenant.nameEn, link, expires: `${formatDateTime(expiresAt, 'en')} (JST)` };
  try {
    await c.var.deps.mailer.send({
      tenant: tenant.code,
      to: to.email,
      subject: `${format(m.inviteMailSubject.ja, ja)} / ${format(m.inviteMailSubject.en, en)}`,
      text: `${format(m.inviteMailBody.ja, ja)}\n\n----------\n\n${format(m.inviteMailBody.en, en)}\n`,
    });
    return true;
  } catch (err) {
    c.var.log.error({ err }, 'invitation mail not sent');
    return false;
  }
}

adminRoutes.post('/staff/admin/staff', async (c) => {
  const me = admin(c);
  const body = await c.req.parseBody();
  const values = { email: formText(body, 'email'), displayName: formText(body, 'displayName'), role: formText(body, 'role'), departmentId: formText(body, 'departmentId') };
  let invited;
  try {
    const input = parseInput(inviteForm, body, inviteLabels);
    invited = await tenantTx(c, async (tx) => {
      const r = await inviteStaff(tx, c.var.tenant.code, { ...input, invitedBy: me.id });
      await audit(c, tx, { action: 'staff.invite', recordType: 'staff_user', recordId: r.staffId, details: { email: input.email, role: input.role, departmentId: input.departmentId } });
      return { ...r, email: input.email, displayName: input.displayName };
    });
  } catch (err) {
    return renderStaffList(c, values, formErrors(err), 400);
  }
  const sent = await mailInvitation(c, invited, invited.token, invited.expiresAt);
  return seeOther(c, `/staff/admin/staff/${invited.staffId}?done=${sent ? 'invited' : 'mail_failed'}`);
});

const detailNotices: Record<string, Text> = {
  invited: m.invitedNotice,
  invitation_resent: m.invitationResentNotice,
  role_added: m.roleAddedNotice,
  role_exists: m.roleAlreadyHeld,
  role_removed: m.roleRemovedNotice,
  enabled: m.enabledNotice,
  mfa_reset: m.mfaResetNotice,
};

interface DetailState {
  notice?: Text | null;
  error?: Text | null;
  roleErrors?: FieldError[];
  roleValues?: { role: string; departmentId: string };
  status?: 200 | 400 | 403 | 409;
}

async function renderDetail(c: Ctx, me: StaffPrincipal, staffId: string, s: DetailState = {}) {
  const tenant = c.var.tenant.code;
  const data = await tenantTx(c, async (tx) => ({ target: await getStaffDetail(tx, tenant, staffId), departments: await listDepartments(tx, tenant) }));
  if (!data.target) throw new AppError('not_found');
  return c.html(
    <StaffDetailPage
      ctx={pageContext(c)}
      me={me}
      target={data.target}
      departments={data.departments}
      notice={s.notice ?? null}
      error={s.error ?? null}
      roleErrors={s.roleErrors ?? []}
      roleValues={s.roleValues ?? { role: 'clerk', departmentId: '' }}
    />,
    s.status ?? 200,
  );
}

adminRoutes.get('/staff/admin/staff/:staffId', (c) => {
  const me = admin(c);
  const staffId = uuidParam(c, 'staffId');
  const done = c.req.query('done') ?? '';
  const notice = done === 'disabled' ? { ja: format(m.disabledNotice.ja, { count: Number(c.req.query('n')) || 0 }), en: format(m.disabledNotice.en, { count: Number(c.req.query('n')) || 0 }) } : detailNotices[done] ?? null;
  return renderDetail(c, me, staffId, { notice, error: done === 'mail_failed' ? m.inviteMailFailed : null });
});

/**
 * Runs one change to an account and redirects back to its page. A refusal with its own message
 * (last administrator, own account, not invited) re-renders the page with that message instead.
 */
async function changeStaff(c: Ctx, me: StaffPrincipal, staffId: string, change: () => Promise<string>) {
  try {
    return seeOther(c, `/staff/admin/staff/${staffId}?done=${await change()}`);
  } catch (err) {
    if (err instanceof AppError && (err.code === 'conflict' || err.code === 'forbidden') && err.options.message)
      return renderDetail(c, me, staffId, { error: err.text, status: err.status as 403 | 409 });
    throw err;
  }
}

/** The account's status inside the transaction; a 404 if it is not in this municipality. */
async function existing(tx: Queryable, c: Ctx, staffId: string) {
  const status = await staffStatus(tx, c.var.tenant.code, staffId);
  if (!status) throw new AppError('not_found');
  return status;
}

adminRoutes.post('/staff/admin/staff/:staffId/roles', async (c) => {
  const me = admin(c);
  const staffId = uuidParam(c, 'staffId');
  const body = await c.req.parseBody();
  const roleValues = { role: formText(body, 'role'), departmentId: formText(body, 'departmentId') };
  try {
    const grant = parseInput(roleForm, body, roleLabels);
    const added = await tenantTx(c, async (tx) => {
      await existing(tx, c, staffId);
      const added = await addRole(tx, c.var.tenant.code, staffId, grant);
      if (added) await audit(c, tx, { action: 'staff.role_add', recordType: 'staff_user', recordId: staffId, details: { role: grant.role, departmentId: grant.departmentId } });
      return added;
    });
    return seeOther(c, `/staff/admin/staff/${staffId}?done=${added ? 'role_added' : 'role_exists'}`);
  } catch (err) {
    return renderDetail(c, me, staffId, { roleErrors: formErrors(err), roleValues, status: 400 });
  }
});

adminRoutes.post('/staff/admin/staff/:staffId/roles/remove', async (c) => {
  const me = admin(c);
  const staffId = uuidParam(c, 'staffId');
  const grant = parseInput(roleForm, await c.req.parseBody(), roleLabels);
  return changeStaff(c, me, staffId, () =>
    tenantTx(c, async (tx) => {
      await existing(tx, c, staffId);
      if (await removeRole(tx, c.var.tenant.code, staffId, grant))
        await audit(c, tx, { action: 'staff.role_remove', recordType: 'staff_user', recordId: staffId, details: { role: grant.role, departmentId: grant.departmentId } });
      return 'role_removed';
    }),
  );
});

adminRoutes.post('/staff/admin/staff/:staffId/disable', async (c) => {
  const me = admin(c);
  const staffId = uuidParam(c, 'staffId');
  return changeStaff(c, me, staffId, () =>
    tenantTx(c, async (tx) => {
      const status = await existing(tx, c, staffId);
      if (!staffPolicy.disableStaff(me, staffId)) throw staffErrors.cannotDisableSelf();
      if (status === 'disabled') return 'disabled&n=0';
      const { sessionsEnded } = await disableStaff(tx, c.var.tenant.code, staffId);
      await audit(c, tx, { action: 'staff.disable', recordType: 'staff_user', recordId: staffId, details: { sessionsEnded } });
      return `disabled&n=${sessionsEnded}`;
    }),
  );
});

adminRoutes.post('/staff/admin/staff/:staffId/enable', async (c) => {
  const me = admin(c);
  const staffId = uuidParam(c, 'staffId');
  return changeStaff(c, me, staffId, () =>
    tenantTx(c, async (tx) => {
      if ((await existing(tx, c, staffId)) === 'disabled') {
        const status = await enableStaff(tx, c.var.tenant.code, staffId);
        await audit(c, tx, { action: 'staff.enable', recordType: 'staff_user', recordId: staffId, details: { status } });
      }
      return 'enabled';
    }),
  );
});

adminRoutes.post('/staff/admin/staff/:staffId/reset-mfa', async (c) => {
  const me = admin(c);
  const staffId = uuidParam(c, 'staffId');
  return changeStaff(c, me, staffId, () =>
    tenantTx(c, async (tx) => {
      await existing(tx, c, staffId);
      if (!staffPolicy.resetSecondFactor(me, staffId)) throw staffErrors.cannotResetOwnMfa();
      const result = await resetSecondFactor(tx, c.var.tenant.code, staffId);
      await audit(c, tx, { action: 'staff.mfa_reset', recordType: 'staff_user', recordId: staffId, details: { ...result } });
      return 'mfa_reset';
    }),
  );
});

adminRoutes.post('/staff/admin/staff/:staffId/invitation', async (c) => {
  const me = admin(c);
  const staffId = uuidParam(c, 'staffId');
  return changeStaff(c, me, staffId, async () => {
    const issued = await tenantTx(c, async (tx) => {
      await existing(tx, c, staffId);
      const r = await reissueInvitation(tx, c.var.tenant.code, staffId, me.id);
      await audit(c, tx, { action: 'staff.invitation_resend', recordType: 'staff_user', recordId: staffId });
      return r;
    });
    return (await mailInvitation(c, issued, issued.token, issued.expiresAt)) ? 'invitation_resent' : 'mail_failed';
  });
});

// ── Departments ─────────────────────────────────────────────────────────────

async function renderDepartments(c: Ctx, values: { code: string; nameJa: string; nameEn: string }, errors: FieldError[], notice: Text | null, status: 200 | 400 = 200) {
  const departments = await tenantTx(c, (tx) => listDepartments(tx, c.var.tenant.code));
  return c.html(<DepartmentsPage ctx={pageContext(c)} departments={departments} values={values} errors={errors} notice={notice} />, status);
}

adminRoutes.get('/staff/admin/departments', (c) => {
  const me = requireStaff(c);
  authorize(staffPolicy.manageDepartments(me));
  return renderDepartments(c, { code: '', nameJa: '', nameEn: '' }, [], c.req.query('done') === 'created' ? m.departmentCreatedNotice : null);
});

adminRoutes.post('/staff/admin/departments', async (c) => {
  const me = requireStaff(c);
  authorize(staffPolicy.manageDepartments(me));
  const body = await c.req.parseBody();
  const values = { code: formText(body, 'code'), nameJa: formText(body, 'nameJa'), nameEn: formText(body, 'nameEn') };
  try {
    const input = parseInput(departmentForm, body, departmentLabels);
    await tenantTx(c, async (tx) => {
      const { id } = await createDepartment(tx, c.var.tenant.code, input);
      await audit(c, tx, { action: 'department.create', recordType: 'department', recordId: id, details: { code: input.code } });
    });
  } catch (err) {
    return renderDepartments(c, values, formErrors(err), null, 400);
  }
  return seeOther(c, '/staff/admin/departments?done=created');
});

// ── Audit log ───────────────────────────────────────────────────────────────

adminRoutes.get('/staff/admin/audit', async (c) => {
  const me = requireStaff(c);
  authorize(staffPolicy.readAudit(me));
  const tenant = c.var.tenant.code;
  const beforeParam = c.req.query('before');
  const before = beforeParam && /^\d{1,18}$/.test(beforeParam) ? BigInt(beforeParam) : undefined;
  const verify = c.req.query('verify') === '1';
  const data = await tenantTx(c, async (tx) => {
    const report = verify ? await verifyChain(tx, tenant) : null;
    if (report) await audit(c, tx, { action: 'audit.verify', details: { ok: report.ok, entries: report.entries, firstBroken: report.firstBroken ?? null } });
    const entries = await listAudit(tx, tenant, { limit: AUDIT_PAGE_SIZE, ...(before !== undefined ? { beforeSeq: before } : {}) });
    const staffIds = entries.flatMap((e) => [e.actorKind === 'staff' ? e.actorId : null, e.recordType === 'staff_user' ? e.recordId : null]);
    const names = await staffNames(tx, tenant, staffIds.filter((id): id is string => id !== null));
    return { report, entries, names };
  });
  const last = data.entries.at(-1);
  return c.html(
    <AuditPage
      ctx={pageContext(c)}
      entries={data.entries}
      names={data.names}
      report={data.report}
      olderBefore={data.entries.length === AUDIT_PAGE_SIZE && last ? last.seq : null}
      paged={before !== undefined}
    />,
  );
});
