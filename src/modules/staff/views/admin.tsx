/** Administration pages: staff accounts, one account, departments, audit log. */
import type { StaffPrincipal } from '../../../platform/auth/index.ts';
import type { AuditRow, ChainReport } from '../../../platform/audit/index.ts';
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, PostButton, SelectInput, StaffLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import { NAME_MAX } from '../staff.forms.ts';
import { staffMessages as m } from '../staff.messages.ts';
import type { Department, StaffDetail, StaffSummary } from '../staff.schema.ts';
import { departmentName, departmentOptions, formatDateTime, grantLabel, RoleList, roleLabel, roleOptions, statusLabel } from './common.tsx';

function Notices({ notice, error, l }: { notice: Text | null; error: Text | null; l: Locale }) {
  return (
    <>
      {error ? (
        <Notice kind="error">
          <p>{tx(error, l)}</p>
        </Notice>
      ) : null}
      {notice ? (
        <Notice kind="success">
          <p>{tx(notice, l)}</p>
        </Notice>
      ) : null}
    </>
  );
}

export function AdminIndexPage(p: { ctx: PageContext; canAdminister: boolean; canReadAudit: boolean }) {
  const l = p.ctx.locale;
  const title = tx(m.adminTitle, l);
  const links = [
    ...(p.canAdminister
      ? [
          { href: '/staff/admin/staff', title: m.adminStaffLink, text: m.adminStaffText },
          { href: '/staff/admin/departments', title: m.adminDepartmentsLink, text: m.adminDepartmentsText },
        ]
      : []),
    ...(p.canReadAudit ? [{ href: '/staff/admin/audit', title: m.adminAuditLink, text: m.adminAuditText }] : []),
  ];
  return (
    <StaffLayout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <ul class="card-list">
        {links.map((k) => (
          <li class="card">
            <h2><a href={k.href}>{tx(k.title, l)}</a></h2>
            <p>{tx(k.text, l)}</p>
          </li>
        ))}
      </ul>
    </StaffLayout>
  );
}

export interface InviteValues {
  email: string;
  displayName: string;
  role: string;
  departmentId: string;
}

export function StaffListPage(p: { ctx: PageContext; staff: StaffSummary[]; departments: Department[]; values: InviteValues; errors: FieldError[] }) {
  const l = p.ctx.locale;
  const title = tx(m.staffListTitle, l);
  return (
    <StaffLayout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <h2>{tx(m.inviteHeading, l)}</h2>
      <ErrorSummary errors={p.errors} locale={l} />
      <p>{tx(m.inviteLead, l)}</p>
      <form method="post" action="/staff/admin/staff" novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        <TextInput name="email" label={m.email} locale={l} inputmode="email" autocomplete="off" required value={p.values.email} errors={p.errors} maxlength={254} />
        <TextInput name="displayName" label={m.displayName} locale={l} autocomplete="off" required value={p.values.displayName} errors={p.errors} maxlength={NAME_MAX} />
        <SelectInput name="departmentId" label={m.department} locale={l} options={departmentOptions(p.departments)} value={p.values.departmentId} errors={p.errors} />
        <SelectInput name="role" label={m.role} locale={l} options={roleOptions} value={p.values.role} required errors={p.errors} />
        <div class="actions">
          <button type="submit" class="btn btn-primary">{tx(m.inviteButton, l)}</button>
        </div>
      </form>
      <h2>{tx(m.staffListCaption, l)}</h2>
      {p.staff.length ? (
        <table>
          <caption class="sr-only">{tx(m.staffListCaption, l)}</caption>
          <thead>
            <tr>
              <th scope="col">{tx(m.displayName, l)}</th>
              <th scope="col">{tx(m.email, l)}</th>
              <th scope="col">{tx(m.status, l)}</th>
              <th scope="col">{tx(m.roles, l)}</th>
              <th scope="col">{tx(m.lastSignIn, l)}</th>
            </tr>
          </thead>
          <tbody>
            {p.staff.map((s) => (
              <tr>
                <td>
                  <a href={`/staff/admin/staff/${s.id}`}>{s.displayName}</a>
                </td>
                <td>{s.email}</td>
                <td>{statusLabel(s.status, l)}</td>
                <td>
                  <RoleList roles={s.roles} departments={p.departments} l={l} />
                </td>
                <td>{formatDateTime(s.lastSignInAt, l)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{tx(m.noStaff, l)}</p>
      )}
    </StaffLayout>
  );
}

export function StaffDetailPage(p: {
  ctx: PageContext;
  me: StaffPrincipal;
  target: StaffDetail;
  departments: Department[];
  notice: Text | null;
  error: Text | null;
  roleValues: { role: string; departmentId: string };
  roleErrors: FieldError[];
}) {
  const l = p.ctx.locale;
  const t = p.target;
  const csrf = p.ctx.csrfToken;
  const base = `/staff/admin/staff/${t.id}`;
  const self = p.me.id === t.id;
  return (
    <StaffLayout ctx={p.ctx} title={t.displayName}>
      <h1>{t.displayName}</h1>
      <Notices notice={p.notice} error={p.error} l={l} />
      <dl class="dl">
        <dt>{tx(m.email, l)}</dt>
        <dd>{t.email}</dd>
        <dt>{tx(m.status, l)}</dt>
        <dd>{statusLabel(t.status, l)}</dd>
        <dt>{tx(m.lastSignIn, l)}</dt>
        <dd>{formatDateTime(t.lastSignInAt, l)}</dd>
      </dl>

      <h2>{tx(m.rolesHeading, l)}</h2>
      {t.roles.length ? (
        <ul class="stack">
          {t.roles.map((g) => (
            <li>
              {grantLabel(g, p.departments, l)}{' '}
              <PostButton
                action={`${base}/roles/remove`}
                csrf={csrf}
                label={format(tx(m.removeRoleNamed, l), { role: `${departmentName(g.departmentId, p.departments, l)} ${roleLabel(g.role, l)}` })}
                class="btn-link"
                hidden={{ role: g.role, departmentId: g.departmentId ?? '' }}
              />
            </li>
          ))}
        </ul>
      ) : (
        <p>{tx(m.noRoles, l)}</p>
      )}
      <h3>{tx(m.addRoleHeading, l)}</h3>
      <ErrorSummary errors={p.roleErrors} locale={l} />
      <form method="post" action={`${base}/roles`} novalidate>
        <CsrfField token={csrf} />
        <SelectInput name="departmentId" label={m.department} locale={l} options={departmentOptions(p.departments)} value={p.roleValues.departmentId} errors={p.roleErrors} />
        <SelectInput name="role" label={m.role} locale={l} options={roleOptions} value={p.roleValues.role} required errors={p.roleErrors} />
        <div class="actions">
          <button type="submit" class="btn btn-secondary">{tx(m.addRoleButton, l)}</button>
        </div>
      </form>

      {t.status === 'invited' ? (
        <>
          <h2>{tx(m.invitationHeading, l)}</h2>
          <p>{t.invitationExpiresAt && t.invitationExpiresAt.getTime() > Date.now() ? format(tx(m.invitationExpires, l), { date: formatDateTime(t.invitationExpiresAt, l) }) : tx(m.invitationExpired, l)}</p>
          <div class="actions">
            <PostButton action={`${base}/invitation`} csrf={csrf} label={tx(m.resendInvitation, l)} />
          </div>
        </>
      ) : null}

      <h2>{tx(m.secondFactorHeading, l)}</h2>
      <p>{format(tx(m.secondFactorSummary, l), { totp: tx(t.hasTotp ? m.yes : m.no, l), count: t.passkeys.length })}</p>
      {self ? (
        <p>
          <a href="/staff/account">{tx(m.cannotResetOwnMfa, l)}</a>
        </p>
      ) : (
        <>
          <p class="muted">{tx(m.resetMfaHint, l)}</p>
          <div class="actions">
            <PostButton action={`${base}/reset-mfa`} csrf={csrf} label={tx(m.resetMfaButton, l)} />
          </div>
        </>
      )}

      <h2>{tx(m.accountStateHeading, l)}</h2>
      {self ? (
        <p>{tx(m.cannotDisableSelf, l)}</p>
      ) : t.status === 'disabled' ? (
        <div class="actions">
          <PostButton action={`${base}/enable`} csrf={csrf} label={tx(m.enableButton, l)} />
        </div>
      ) : (
        <>
          <p class="muted">{tx(m.disableHint, l)}</p>
          <div class="actions">
            <PostButton action={`${base}/disable`} csrf={csrf} label={tx(m.disableButton, l)} class="btn-danger" />
          </div>
        </>
      )}
      <p>
        <a href="/staff/admin/staff">{tx(m.backToStaffList, l)}</a>
      </p>
    </StaffLayout>
  );
}

export function DepartmentsPage(p: { ctx: PageContext; departments: Department[]; values: { code: string; nameJa: string; nameEn: string }; errors: FieldError[]; notice: Text | null }) {
  const l = p.ctx.locale;
  const title = tx(m.departmentsTitle, l);
  return (
    <StaffLayout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <Notices notice={p.notice} error={null} l={l} />
      <h2>{tx(m.departmentsCaption, l)}</h2>
      {p.departments.length ? (
        <table>
          <caption class="sr-only">{tx(m.departmentsCaption, l)}</caption>
          <thead>
            <tr>
              <th scope="col">{tx(m.departmentCode, l)}</th>
              <th scope="col">{tx(m.nameJa, l)}</th>
              <th scope="col">{tx(m.nameEn, l)}</th>
              <th scope="col">{tx(m.staffCount, l)}</th>
            </tr>
          </thead>
          <tbody>
            {p.departments.map((d) => (
              <tr>
                <td>
                  <code>{d.code}</code>
                </td>
                <td lang="ja">{d.nameJa}</td>
                <td lang="en">{d.nameEn}</td>
                <td>{d.staffCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{tx(m.noDepartments, l)}</p>
      )}
      <h2>{tx(m.createDepartmentHeading, l)}</h2>
      <ErrorSummary errors={p.errors} locale={l} />
      <form method="post" action="/staff/admin/departments" novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        <TextInput name="code" label={m.departmentCode} hint={m.departmentCodeHint} locale={l} autocomplete="off" required value={p.values.code} errors={p.errors} maxlength={32} />
        <TextInput name="nameJa" label={m.nameJa} locale={l} autocomplete="off" required value={p.values.nameJa} errors={p.errors} maxlength={NAME_MAX} />
        <TextInput name="nameEn" label={m.nameEn} locale={l} autocomplete="off" required value={p.values.nameEn} errors={p.errors} maxlength={NAME_MAX} />
        <div class="actions">
          <button type="submit" class="btn btn-primary">{tx(m.createDepartmentButton, l)}</button>
        </div>
      </form>
    </StaffLayout>
  );
}

function actorName(e: AuditRow, names: Map<string, string>, l: Locale): string {
  if (e.actorKind === 'staff') return (e.actorId && names.get(e.actorId)) ?? e.actorId ?? '';
  if (e.actorKind === 'resident') return tx(m.actorResident, l);
  if (e.actorKind === 'api') return tx(m.actorApi, l);
  return tx(m.actorSystem, l);
}

/** What an entry is about: a staff member by name where known, otherwise type and id. */
function recordName(e: AuditRow, names: Map<string, string>): string {
  if (!e.recordType) return '';
  const name = e.recordType === 'staff_user' && e.recordId ? names.get(e.recordId) : undefined;
  return name ? `${name} (${e.recordId})` : `${e.recordType} ${e.recordId ?? ''}`;
}

export function AuditPage(p: { ctx: PageContext; entries: AuditRow[]; names: Map<string, string>; report: ChainReport | null; olderBefore: string | null; paged: boolean }) {
  const l = p.ctx.locale;
  const title = tx(m.auditTitle, l);
  const r = p.report;
  return (
    <StaffLayout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <p>{tx(m.auditLead, l)}</p>
      {r ? (
        <Notice kind={r.ok ? 'success' : 'error'} title={tx(m.chainResultHeading, l)}>
          <p>
            {r.ok
              ? format(tx(m.chainOk, l), { count: r.entries })
              : format(tx(m.chainBroken, l), { seq: r.firstBroken?.seq ?? '', problem: r.firstBroken?.problem ?? '' })}
          </p>
        </Notice>
      ) : null}
      <form method="get" action="/staff/admin/audit">
        <input type="hidden" name="verify" value="1" />
        <div class="actions">
          <button type="submit" class="btn btn-secondary">{tx(m.verifyChainButton, l)}</button>
        </div>
      </form>
      <h2>{tx(m.auditCaption, l)}</h2>
      {p.entries.length ? (
        <table>
          <caption class="sr-only">{tx(m.auditCaption, l)}</caption>
          <thead>
            <tr>
              <th scope="col">{tx(m.auditSeq, l)}</th>
              <th scope="col">{tx(m.auditAt, l)}</th>
              <th scope="col">{tx(m.auditActor, l)}</th>
              <th scope="col">{tx(m.auditAction, l)}</th>
              <th scope="col">{tx(m.auditRecord, l)}</th>
              <th scope="col">{tx(m.auditIp, l)}</th>
            </tr>
          </thead>
          <tbody>
            {p.entries.map((e) => (
              <tr>
                <td>{e.seq}</td>
                <td>{formatDateTime(e.at, l, true)}</td>
                <td>{actorName(e, p.names, l)}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{recordName(e, p.names)}</td>
                <td>{e.ip ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{tx(m.noAuditEntries, l)}</p>
      )}
      {p.olderBefore || p.paged ? (
        <div class="actions">
          {p.olderBefore ? <a href={`/staff/admin/audit?before=${p.olderBefore}`}>{tx(m.olderEntries, l)}</a> : null}
          {p.paged ? <a href="/staff/admin/audit">{tx(m.newestEntries, l)}</a> : null}
        </div>
      ) : null}
    </StaffLayout>
  );
}
