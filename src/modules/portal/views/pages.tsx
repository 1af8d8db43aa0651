import { ResidentLayout, ServiceCards, tx, type PageContext } from '../../../platform/ui/index.ts';
import { format } from '../../../platform/i18n/index.ts';
import { portalMessages as m } from '../portal.messages.ts';

export function HomePage({ ctx }: { ctx: PageContext }) {
  const l = ctx.locale;
  const city = tx(ctx.tenantName, l);
  return (
    <ResidentLayout ctx={ctx} title={city}>
      <h1>{format(tx(m.welcome, l), { city })}</h1>
      <p>{tx(m.lead, l)}</p>
      <div class="actions">
        {ctx.resident ? (
          <a class="btn btn-primary" href="/mypage">{tx(m.myPageCta, l)}</a>
        ) : (
          <a class="btn btn-primary" href="/login">{tx(m.signInCta, l)}</a>
        )}
      </div>
      <h2>{tx(m.servicesTitle, l)}</h2>
      <ServiceCards links={ctx.services.resident} locale={l} />
      <ul class="card-list">
        <li class="card">
          <h3><a href="/login">{tx(m.serviceSignIn, l)}</a></h3>
          <p>{tx(m.serviceSignInText, l)}</p>
        </li>
        <li class="card">
          <h3><a href="/mypage">{tx(m.serviceMyPage, l)}</a></h3>
          <p>{tx(m.serviceMyPageText, l)}</p>
        </li>
      </ul>
      <h2>{tx(m.contactTitle, l)}</h2>
      <p>{tx(m.contactText, l)}</p>
    </ResidentLayout>
  );
}

export function TextPage({ ctx, title, body }: { ctx: PageContext; title: string; body: string }) {
  return (
    <ResidentLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{body}</p>
    </ResidentLayout>
  );
}
