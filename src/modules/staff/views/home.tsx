/** The staff home (back-office start page) and the person's own account page. */
import type { StaffPrincipal } from '../../../platform/auth/index.ts';
import { format, type Text } from '../../../platform/i18n/index.ts';
import { Notice, PostButton, ServiceCards, StaffLayout, tx, type PageContext } from '../../../platform/ui/index.ts';
import { staffMessages as m } from '../staff.messages.ts';
import type { Department, StaffDetail } from '../staff.schema.ts';
import { formatDateTime, RoleList, statusLabel } from './common.tsx';

export function StaffHomePage(p: { ctx: PageContext; me: StaffPrincipal; departments: Department[]; canAdminister: boolean; canReadAudit: boolean }) {
  const l = p.ctx.locale;
  const title = tx(m.homeTitle, l);
  return (
    <StaffLayout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <p>{format(tx(m.greeting, l), { name: p.me.displayName })}</p>
      <h2>{tx(m.yourRoles, l)}</h2>
      <RoleList roles={p.me.roles} departments={p.departments} l={l} />
      <h2>{tx(m.servicesTitle, l)}</h2>
      <ServiceCards links={p.ctx.services.staff} locale={l} />
      <ul class="card-list">
        {p.canAdminister ? (
          <>
            <li class="card">
              <h2><a href="/staff/admin/staff">{tx(m.adminStaffLink, l)}</a></h2>
              <p>{tx(m.adminStaffText, l)}</p>
            </li>
            <li class="card">
              <h2><a href="/staff/admin/departments">{tx(m.adminDepartmentsLink, l)}</a></h2>
              <p>{tx(m.adminDepartmentsText, l)}</p>
            </li>
          </>
        ) : null}
        {p.canReadAudit ? (
          <li class="card">
            <h2><a href="/staff/admin/audit">{tx(m.adminAuditLink, l)}</a></h2>
            <p>{tx(m.adminAuditText, l)}</p>
          </li>
        ) : null}
        <li class="card">
          <h2><a href="/staff/account">{tx(m.accountLink, l)}</a></h2>
          <p>{tx(m.accountLinkText, l)}</p>
        </li>
      </ul>
    </StaffLayout>
  );
}

export function AccountPage(p: { ctx: PageContext; me: StaffDetail; departments: Department[]; sessions: number; notice: Text | null; error: Text | null }) {
  const l = p.ctx.locale;
  const title = tx(m.accountTitle, l);
  const csrf = p.ctx.csrfToken;
  return (
    <StaffLayout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      {p.error ? (
        <Notice kind="error">
          <p>{tx(p.error, l)}</p>
        </Notice>
      ) : null}
      {p.notice ? (
        <Notice kind="success">
          <p>{tx(p.notice, l)}</p>
        </Notice>
      ) : null}
      <h2>{tx(m.detailsHeading, l)}</h2>
      <dl class="dl">
        <dt>{tx(m.displayName, l)}</dt>
        <dd>{p.me.displayName}</dd>
        <dt>{tx(m.email, l)}</dt>
        <dd>{p.me.email}</dd>
        <dt>{tx(m.status, l)}</dt>
        <dd>{statusLabel(p.me.status, l)}</dd>
        <dt>{tx(m.roles, l)}</dt>
        <dd>
          <RoleList roles={p.me.roles} departments={p.departments} l={l} />
        </dd>
        <dt>{tx(m.lastSignIn, l)}</dt>
        <dd>{formatDateTime(p.me.lastSignInAt, l)}</dd>
      </dl>

      <h2>{tx(m.totpAccountHeading, l)}</h2>
      <p>{tx(p.me.hasTotp ? m.totpOn : m.totpOff, l)}</p>
      <p>
        <a href="/staff/mfa/setup">{tx(p.me.hasTotp ? m.totpReenroll : m.totpEnroll, l)}</a>
      </p>

      <h2>{tx(m.passkeysHeading, l)}</h2>
      {p.me.passkeys.length ? (
        <table>
          <caption class="sr-only">{tx(m.passkeysHeading, l)}</caption>
          <thead>
            <tr>
              <th scope="col">{tx(m.passkeyName, l)}</th>
              <th scope="col">{tx(m.addedAt, l)}</th>
              <th scope="col">{tx(m.lastUsedAt, l)}</th>
              <th scope="col">{tx(m.actions, l)}</th>
            </tr>
          </thead>
          <tbody>
            {p.me.passkeys.map((k) => (
              <tr>
                <td>{k.label}</td>
                <td>{formatDateTime(k.createdAt, l)}</td>
                <td>{formatDateTime(k.lastUsedAt, l)}</td>
                <td>
                  <PostButton action={`/staff/account/passkeys/${encodeURIComponent(k.id)}/remove`} csrf={csrf} label={format(tx(m.removePasskeyNamed, l), { name: k.label })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{tx(m.noPasskeys, l)}</p>
      )}
      <p>
        <a href="/staff/mfa/setup">{tx(m.addPasskey, l)}</a>
      </p>

      <h2>{tx(m.sessionsHeading, l)}</h2>
      <p>{format(tx(m.sessionsCount, l), { count: p.sessions })}</p>
      <div class="actions">
        <PostButton action="/staff/logout" csrf={csrf} label={tx(m.signOut, l)} />
        <PostButton action="/staff/logout-everywhere" csrf={csrf} label={tx(m.signOutEverywhere, l)} class="btn-danger" />
      </div>
      <p class="muted">{tx(m.signOutEverywhereHint, l)}</p>
    </StaffLayout>
  );
}
