import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { isSecure, pageContext, safeNext, type AppEnv } from '../../platform/http/index.ts';
import { tx } from '../../platform/ui/index.ts';
import { portalMessages as m } from './portal.messages.ts';
import { HomePage, TextPage } from './views/pages.tsx';

export const portalRoutes = new Hono<AppEnv>();

portalRoutes.get('/', (c) => c.html(<HomePage ctx={pageContext(c)} />));

portalRoutes.get('/accessibility', (c) => {
  const ctx = pageContext(c);
  return c.html(<TextPage ctx={ctx} title={tx(m.accessibilityTitle, ctx.locale)} body={tx(m.accessibilityBody, ctx.locale)} />);
});

portalRoutes.get('/privacy', (c) => {
  const ctx = pageContext(c);
  return c.html(<TextPage ctx={ctx} title={tx(m.privacyTitle, ctx.locale)} body={tx(m.privacyBody, ctx.locale)} />);
});

/** Language switch: a plain link, so it works without JavaScript. */
portalRoutes.get('/lang/:locale{ja|en}', (c) => {
  setCookie(c, 'yakuba-lang', c.req.param('locale'), {
    path: '/',
    sameSite: 'Lax',
    secure: isSecure(c.var.tenant.origin),
    maxAge: 60 * 60 * 24 * 365,
  });
  return c.redirect(safeNext(c.req.query('next'), '/'), 303);
});
