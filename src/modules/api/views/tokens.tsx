import { CsrfField, ErrorSummary, Notice, PostButton, StaffLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import type { FieldError } from '../../../platform/errors/index.ts';
import { apiMessages as m } from '../api.messages.ts';
import { apiScopes, scopeNames } from '../api.scopes.ts';
import type { ApiTokenSummary } from '../api-tokens.service.ts';

const when = (d: Date | null, locale: 'ja' | 'en') =>
  d ? new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(d) : '—';

export function TokensPage(props: {
  ctx: PageContext;
  tokens: ApiTokenSummary[];
  newToken?: string | undefined;
  revoked?: boolean;
  errors?: FieldError[];
  values?: { name?: string; scopes?: string[]; expiresInDays?: string };
}) {
  const { ctx } = props;
  const l = ctx.locale;
  const errors = props.errors ?? [];
  const scopeError = errors.find((e) => e.field === 'scopes');
  const now = Date.now();
  return (
    <StaffLayout ctx={ctx} title={tx(m.title, l)}>
      <h1>{tx(m.title, l)}</h1>
      <p>{tx(m.lead, l)}</p>
      <p><a href="/api/openapi.json">{tx(m.docLink, l)}</a></p>
      {props.newToken ? (
        <Notice kind="success" title={tx(m.created, l)}>
          <p class="secret" id="new-token">{props.newToken}</p>
        </Notice>
      ) : null}
      {props.revoked ? <Notice kind="success">{tx(m.revokedDone, l)}</Notice> : null}
      <ErrorSummary errors={errors} locale={l} />
      <h2>{tx(m.create, l)}</h2>
      <form method="post" action="/staff/admin/api-tokens" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextInput name="name" label={m.name} hint={m.nameHint} locale={l} required errors={errors} value={props.values?.name} maxlength={100} />
        <fieldset class="field" id="f-scopes" aria-describedby={scopeError ? 'f-scopes-error' : undefined}>
          <legend>{tx(m.scopes, l)}</legend>
          {scopeError ? <span class="error-text" id="f-scopes-error">{tx(scopeError.message, l)}</span> : null}
          {scopeNames.map((s) => (
            <label class="checkbox">
              <input type="checkbox" name="scopes" value={s} checked={props.values?.scopes?.includes(s)} />
              <span><code>{s}</code> {tx(apiScopes[s], l)}</span>
            </label>
          ))}
        </fieldset>
        <TextInput name="expiresInDays" label={m.expires} hint={m.expiresHint} locale={l} errors={errors} value={props.values?.expiresInDays ?? '365'} inputmode="numeric" class="input-code" />
        <div class="actions"><button type="submit" class="btn btn-primary">{tx(m.create, l)}</button></div>
      </form>
      <h2>{tx(m.title, l)}</h2>
      {props.tokens.length === 0 ? (
        <p>{tx(m.none, l)}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{tx(m.colName, l)}</th>
              <th scope="col">{tx(m.colPrefix, l)}</th>
              <th scope="col">{tx(m.colScopes, l)}</th>
              <th scope="col">{tx(m.colCreated, l)}</th>
              <th scope="col">{tx(m.colLastUsed, l)}</th>
              <th scope="col">{tx(m.colState, l)}</th>
            </tr>
          </thead>
          <tbody>
            {props.tokens.map((t) => {
              const expired = t.expiresAt !== null && t.expiresAt.getTime() < now;
              return (
                <tr>
                  <td>{t.name}</td>
                  <td><code>yk_{t.prefix}_…</code></td>
                  <td>{t.scopes.join(', ')}</td>
                  <td>{when(t.createdAt, l)}</td>
                  <td>{when(t.lastUsedAt, l)}</td>
                  <td>
                    {t.revokedAt ? tx(m.revoked, l) : expired ? tx(m.expired, l) : tx(m.active, l)}
                    {!t.revokedAt ? (
                      <PostButton action={`/staff/admin/api-tokens/${t.id}/revoke`} csrf={ctx.csrfToken} label={`${tx(m.revoke, l)}: ${t.name}`} class="btn-link" />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </StaffLayout>
  );
}
