/** The sign-in chooser (/login), the one-time code form and the sign-in problem pages. */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, ResidentLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import { residentMessages as m } from '../residents.messages.ts';

const withNext = (path: string, next: string | null) => (next ? `${path}?next=${encodeURIComponent(next)}` : path);

export function LoginPage(props: {
  ctx: PageContext;
  next: string | null;
  email?: string;
  errors?: FieldError[];
  expired?: boolean;
  signedOut?: boolean;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  const errors = props.errors ?? [];
  return (
    <ResidentLayout ctx={ctx} title={tx(m.loginTitle, l)}>
      <ErrorSummary errors={errors} locale={l} />
      {props.expired ? <Notice kind="warning"><p>{tx(m.sessionExpiredNotice, l)}</p></Notice> : null}
      {props.signedOut ? <Notice kind="success"><p>{tx(m.signedOut, l)}</p></Notice> : null}
      {ctx.resident ? (
        <Notice>
          <p>{tx(m.alreadySignedIn, l)} <a href="/mypage">{tx(m.goToMyPage, l)}</a></p>
        </Notice>
      ) : null}
      <h1>{tx(m.loginTitle, l)}</h1>
      <p>{tx(m.loginLead, l)}</p>

      <section class="card" aria-labelledby="card-sign-in">
        <h2 id="card-sign-in">{tx(m.cardTitle, l)}</h2>
        <p>{tx(m.cardExplain, l)}</p>
        <p>{tx(m.cardShares, l)}</p>
        <div class="actions">
          <a class="btn btn-primary" href={withNext('/auth/card/start', props.next)}>{tx(m.cardButton, l)}</a>
        </div>
      </section>

      <section class="card" aria-labelledby="email-sign-in">
        <h2 id="email-sign-in">{tx(m.emailTitle, l)}</h2>
        <p>{tx(m.emailExplain, l)}</p>
        <form method="post" action="/auth/email" novalidate>
          <CsrfField token={ctx.csrfToken} />
          {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
          <TextInput
            name="email"
            type="email"
            label={m.emailLabel}
            hint={m.emailHint}
            locale={l}
            value={props.email}
            autocomplete="email"
            inputmode="email"
            required
            errors={errors}
          />
          <button type="submit" class="btn btn-secondary">{tx(m.sendCode, l)}</button>
        </form>
      </section>
    </ResidentLayout>
  );
}

export function VerifyCodePage(props: { ctx: PageContext; email: string; code?: string; errors?: FieldError[] }) {
  const { ctx } = props;
  const l = ctx.locale;
  const errors = props.errors ?? [];
  return (
    <ResidentLayout ctx={ctx} title={tx(m.verifyTitle, l)}>
      <ErrorSummary errors={errors} locale={l} />
      <h1>{tx(m.verifyTitle, l)}</h1>
      <p>{format(tx(m.codeSent, l), { email: props.email })}</p>
      <form method="post" action="/auth/email/verify" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextInput
          name="code"
          label={m.codeLabel}
          locale={l}
          value={props.code}
          autocomplete="one-time-code"
          inputmode="numeric"
          class="input-code"
          required
          errors={errors}
        />
        <button type="submit" class="btn btn-primary">{tx(m.signIn, l)}</button>
      </form>
      <p class="muted">{tx(m.codeNotArrived, l)}</p>
      <p><a href="/login">{tx(m.requestNewCode, l)}</a></p>
    </ResidentLayout>
  );
}

/** A sign-in that cannot continue: cancelled, expired, failed, too many tries. Always offers a way back. */
export function SignInProblemPage(props: { ctx: PageContext; title: Text; message: Text; retryLabel: Text; next: string | null }) {
  const { ctx } = props;
  const l = ctx.locale;
  return (
    <ResidentLayout ctx={ctx} title={tx(props.title, l)}>
      <h1>{tx(props.title, l)}</h1>
      <p>{tx(props.message, l)}</p>
      <div class="actions">
        <a class="btn btn-primary" href={withNext('/login', props.next)}>{tx(props.retryLabel, l)}</a>
      </div>
    </ResidentLayout>
  );
}
