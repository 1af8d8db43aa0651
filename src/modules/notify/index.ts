/**
 * Subscriptions on every channel and the durable delivery engine (issue 4). News and alerts call
 * broadcast() inside their own transaction; this module turns it into one delivery per
 * subscription and channel (e-mail, Web Push, LINE, webhooks) and shows its progress.
 */
import { Hono } from 'hono';
import type { AppEnv, ModuleRoutes } from '../../platform/http/index.ts';
import { notifyJobs } from './engine.ts';
import { pageText, staffText } from './notify.messages.ts';
import { staffRoutes } from './staff.routes.tsx';
import { subscribeRoutes } from './subscribe.routes.tsx';

const routes = new Hono<AppEnv>();
routes.route('/', subscribeRoutes);
routes.route('/', staffRoutes);

export const notifyModule: ModuleRoutes = {
  routes,
  links: {
    resident: [
      { href: '/subscribe', title: pageText.linkTitle, description: pageText.linkDescription },
      { href: '/mypage/subscriptions', title: pageText.myLinkTitle, description: pageText.myLinkDescription },
    ],
    staff: [{ href: '/staff/notify', title: staffText.linkTitle, description: staffText.linkDescription }],
  },
  jobs: notifyJobs,
};

export { TOPICS, topicLabel, CHANNELS, channelLabel, LANGUAGES, languageLabel } from './model.ts';
export type { Topic, Language, Area, MessageStatus, BroadcastInput, Channel, DeliveryCounts, BroadcastProgress } from './model.ts';
export { listAreas, seedAreas as seedNotifyAreas, seedDemoNotify } from './areas.ts';
export { broadcast, broadcastProgress, fitBroadcastText } from './broadcast.service.ts';
export { DeliveryProgress, PROGRESS_SCRIPT } from './views/delivery-progress.tsx';
export { notifyApi } from './notify.api.ts';
