/** Pages of staff sign-in: password, second factor, enrolment, invitation acceptance. */
import { raw } from 'hono/html';
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, PostButton, StaffLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import { staffMessages as m } from '../staff.messages.ts';

export type LoginNotice = 'expired' | 'signed_out' | 'signed_out_everywhere' | null;

const loginNotices = { expired: m.expiredNotice, signed_out: m.signedOutNotice, signed_out_everywhere: m.signedOutEverywhereNotice } as const;

export function LoginPage(p: { ctx: PageContext; next: string; email: string; errors: FieldError[]; notice: LoginNotice }) {
  const l = p.ctx.locale;
  const title = tx(m.loginTitle, l);
  return (
    <StaffLayout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      {p.notice ? (
        <Notice kind={p.notice === 'expired' ? 'warning' : 'success'}>
          <p>{tx(loginNotices[p.notice], l)}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={p.errors} locale={l} />
      <p>{tx(m.loginLead, l)}</p>
      <form method="post" action="/staff/login" novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        <input type="hidden" name="next" value={p.next} />
        <TextInput name="email" label={m.email} locale={l} inputmode="email" autocomplete="username" required value={p.email} errors={p.errors} maxlength={254} />
        <TextInput name="password" label={m.password} locale={l} type="password" autocomplete="current-password" required errors={p.errors} />
        <div class="actions">
          <button type="submit" class="btn btn-primary">{tx(m.signInButton, l)}</button>
        </div>
      </form>
    </StaffLayout>
  );
}

function CodeInput({ ctx, errors, hint }: { ctx: PageContext; errors: FieldError[]; hint: Text }) {
  return (
    <TextInput name="code" label={m.code} hint={hint} locale={ctx.locale} inputmode="numeric" autocomplete="one-time-code" class="input-code" required errors={errors} maxlength={12} />
  );
}

/**
 * A passkey ceremony form, hidden until passkey.ts finds WebAuthn support (a passkey cannot work
 * without JavaScript). The script posts JSON to the options and verify endpoints and shows any
 * problem in the role=alert paragraph; its texts come from data attributes in the page language.
 */
function PasskeyForm(p: { ctx: PageContext; mode: 'register' | 'authenticate'; optionsUrl: string; verifyUrl: string; next: string; heading: Text; lead: Text; button: Text; primary: boolean }) {
  const l = p.ctx.locale;
  return (
    <form
      method="post"
      action={p.verifyUrl}
      hidden
      data-passkey={p.mode}
      data-options-url={p.optionsUrl}
      data-verify-url={p.verifyUrl}
      data-next={p.next}
      data-msg-cancelled={tx(m.passkeyCancelled, l)}
      data-msg-failed={tx(m.passkeyFailed, l)}
      data-msg-working={tx(m.passkeyWorking, l)}
    >
      <h2>{tx(p.heading, l)}</h2>
      <p>{tx(p.lead, l)}</p>
      <CsrfField token={p.ctx.csrfToken} />
      {p.mode === 'register' ? <TextInput name="label" label={m.passkeyLabel} hint={m.passkeyLabelHint} locale={l} autocomplete="off" maxlength={60} /> : null}
      <p class="error-text" role="alert" data-passkey-error></p>
      <div class="actions">
        <button type="submit" class={`btn ${p.primary ? 'btn-primary' : 'btn-secondary'}`}>
          {tx(p.button, l)}
        </button>
      </div>
    </form>
  );
}

function OtherAccount({ ctx }: { ctx: PageContext }) {
  return (
    <div class="actions">
      <PostButton action="/staff/logout" csrf={ctx.csrfToken} label={tx(m.otherAccount, ctx.locale)} class="btn-link" />
    </div>
  );
}

export function MfaPage(p: { ctx: PageContext; next: string; hasTotp: boolean; hasPasskey: boolean; errors: FieldError[] }) {
  const l = p.ctx.locale;
  const title = tx(m.mfaTitle, l);
  return (
    <StaffLayout ctx={p.ctx} title={title} scripts={p.hasPasskey ? ['passkey'] : []}>
      <h1>{title}</h1>
      <ErrorSummary errors={p.errors} locale={l} />
      <p>{tx(m.mfaLead, l)}</p>
      {p.hasTotp ? (
        <form method="post" action="/staff/login/mfa" novalidate>
          <h2>{tx(m.totpHeading, l)}</h2>
          <CsrfField token={p.ctx.csrfToken} />
          <input type="hidden" name="next" value={p.next} />
          <CodeInput ctx={p.ctx} errors={p.errors} hint={m.codeHint} />
          <div class="actions">
            <button type="submit" class="btn btn-primary">{tx(m.verifyButton, l)}</button>
          </div>
        </form>
      ) : null}
      {p.hasPasskey && !p.hasTotp ? (
        <noscript>
          <p>{tx(m.passkeyNeedsScript, l)}</p>
        </noscript>
      ) : null}
      {p.hasPasskey ? (
        <PasskeyForm
          ctx={p.ctx}
          mode="authenticate"
          optionsUrl="/staff/login/passkey/options"
          verifyUrl="/staff/login/passkey/verify"
          next={p.next}
          heading={m.passkeyHeading}
          lead={m.passkeyLead}
          button={m.passkeySignInButton}
          primary={!p.hasTotp}
        />
      ) : null}
      <OtherAccount ctx={p.ctx} />
    </StaffLayout>
  );
}

/** Groups a base32 secret in fours so it can be read out and typed. */
const groupSecret = (s: string) => s.match(/.{1,4}/g)!.join(' ');

export function SetupPage(p: { ctx: PageContext; next: string; signedIn: boolean; qrSvg: string; secret: string; flow: string; errors: FieldError[] }) {
  const l = p.ctx.locale;
  const title = tx(m.setupTitle, l);
  return (
    <StaffLayout ctx={p.ctx} title={title} scripts={['passkey']}>
      <h1>{title}</h1>
      <ErrorSummary errors={p.errors} locale={l} />
      <p>{tx(p.signedIn ? m.setupLeadSignedIn : m.setupLead, l)}</p>
      <h2>{tx(m.totpSetupHeading, l)}</h2>
      <ol class="stack">
        <li>
          <p>{tx(m.totpSetupStep1, l)}</p>
          <div class="qr" role="img" aria-label={tx(m.qrLabel, l)}>
            {raw(p.qrSvg)}
          </div>
        </li>
        <li>
          <p>{tx(m.secretLabel, l)}</p>
          <p class="secret">
            <code>{groupSecret(p.secret)}</code>
          </p>
        </li>
        <li>
          <p>{tx(m.totpSetupStep2, l)}</p>
          <form method="post" action="/staff/mfa/setup/totp" novalidate>
            <CsrfField token={p.ctx.csrfToken} />
            <input type="hidden" name="flow" value={p.flow} />
            <input type="hidden" name="next" value={p.next} />
            <CodeInput ctx={p.ctx} errors={p.errors} hint={m.codeHint} />
            <div class="actions">
              <button type="submit" class="btn btn-primary">{tx(m.totpSetupButton, l)}</button>
            </div>
          </form>
        </li>
      </ol>
      <PasskeyForm
        ctx={p.ctx}
        mode="register"
        optionsUrl="/staff/mfa/passkey/options"
        verifyUrl="/staff/mfa/passkey/verify"
        next={p.next}
        heading={m.passkeySetupHeading}
        lead={m.passkeySetupLead}
        button={m.passkeyRegisterButton}
        primary={false}
      />
      {p.signedIn ? null : <OtherAccount ctx={p.ctx} />}
    </StaffLayout>
  );
}

export function InvitationPage(p: { ctx: PageContext; token: string; displayName: string; email: string; errors: FieldError[] }) {
  const l = p.ctx.locale;
  const title = tx(m.invitationTitle, l);
  return (
    <StaffLayout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <ErrorSummary errors={p.errors} locale={l} />
      <p>{format(tx(m.invitationLead, l), { name: p.displayName, email: p.email })}</p>
      <form method="post" action={`/staff/invitations/${p.token}`} novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        <div class="field">
          <label for="f-username">{tx(m.email, l)}</label>
          <input class="input" id="f-username" name="username" type="text" value={p.email} autocomplete="username" readonly />
        </div>
        <TextInput name="password" label={m.newPassword} hint={m.newPasswordHint} locale={l} type="password" autocomplete="new-password" required errors={p.errors} />
        <TextInput name="confirm" label={m.confirmPassword} locale={l} type="password" autocomplete="new-password" required errors={p.errors} />
        <div class="actions">
          <button type="submit" class="btn btn-primary">{tx(m.acceptButton, l)}</button>
        </div>
      </form>
    </StaffLayout>
  );
}
