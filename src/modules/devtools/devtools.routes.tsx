/**
 * Development mailbox: with no SMTP_URL outside production, mail is kept in the database instead of
 * sent, and shown here (newest first) so sign-in codes and invitations can be followed in the demo.
 * The route does not exist in production.
 */
import { Hono } from 'hono';
import { AppError } from '../../platform/errors/index.ts';
import { pageContext, tenantTx, type AppEnv } from '../../platform/http/index.ts';
import { defineMessages } from '../../platform/i18n/index.ts';
import { ResidentLayout, tx } from '../../platform/ui/index.ts';

const m = defineMessages({
  title: { ja: '開発用メールボックス', en: 'Development mailbox' },
  lead: {
    ja: '開発環境ではメールを送信せず、ここに表示します。本番環境にはこの画面はありません。',
    en: 'In development, mail is not sent but shown here. This page does not exist in production.',
  },
  empty: { ja: 'メールはまだありません。', en: 'No mail yet.' },
  to: { ja: '宛先', en: 'To' },
  at: { ja: '日時', en: 'Sent' },
});

export const devtoolsRoutes = new Hono<AppEnv>();

devtoolsRoutes.get('/dev/mailbox', async (c) => {
  const { config } = c.var.deps;
  if (config.YAKUBA_ENV === 'production' || config.SMTP_URL) throw new AppError('not_found');
  const mails = await tenantTx(c, (t) =>
    t.query<{ id: string; recipient: string; subject: string; body: string; created_at: Date }>(
      'SELECT id, recipient, subject, body, created_at FROM dev_mailbox WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT 50',
      [c.var.tenant.code],
    ),
  );
  const ctx = pageContext(c);
  const l = ctx.locale;
  c.header('Cache-Control', 'no-store');
  return c.html(
    <ResidentLayout ctx={ctx} title={tx(m.title, l)}>
      <h1>{tx(m.title, l)}</h1>
      <p>{tx(m.lead, l)}</p>
      {mails.length === 0 ? <p>{tx(m.empty, l)}</p> : null}
      {mails.map((mail) => (
        <article class="card mail">
          <h2>{mail.subject}</h2>
          <dl class="dl">
            <dt>{tx(m.to, l)}</dt>
            <dd>{mail.recipient}</dd>
            <dt>{tx(m.at, l)}</dt>
            <dd>{new Intl.DateTimeFormat(l === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Asia/Tokyo' }).format(new Date(mail.created_at))}</dd>
          </dl>
          <pre class="mail-body">{mail.body}</pre>
        </article>
      ))}
    </ResidentLayout>,
  );
});
