/**
 * Emergency alerts (緊急情報, issue 4): one form to every channel — the site-wide banner, e-mail,
 * push, LINE and webhooks through notify, RSS/Atom, CAP 1.2 and the JSON API; templates for the
 * national 警戒レベル; update/cancel chains; second-person approval with an audited override.
 */
import { Hono } from 'hono';
import type { AppEnv, ModuleRoutes } from '../../platform/http/index.ts';
import { alertText } from './alerts.messages.ts';
import { publicAlertRoutes } from './alerts.routes.tsx';
import { alertBanners } from './banner.ts';
import { staffAlertRoutes } from './staff.routes.tsx';

const routes = new Hono<AppEnv>();
routes.route('/', publicAlertRoutes);
routes.route('/', staffAlertRoutes);

export const alertsModule: ModuleRoutes = {
  routes,
  banner: alertBanners,
  links: {
    resident: [{ href: '/alerts', title: alertText.linkTitle, description: alertText.linkDescription }],
    staff: [{ href: '/staff/alerts', title: alertText.staffLinkTitle, description: alertText.staffLinkDescription }],
  },
};
export { alertsApi } from './alerts.api.ts';
