/**
 * News (お知らせ, issue 4): staff write news with images and PDF attachments, send it for
 * publication, a second person approves where the category needs it, and it is published at once
 * or at its scheduled time by a durable job; subscribers are told through notify. Residents read
 * it at /news, by RSS and Atom, and systems through the API.
 */
import { Hono } from 'hono';
import type { AppEnv, ModuleRoutes } from '../../platform/http/index.ts';
import { PermanentJobError, type JobHandler } from '../../platform/jobs/index.ts';
import { publicText, staffText } from './news.messages.ts';
import { newsPublicRoutes } from './news.routes.tsx';
import { NEWS_PUBLISH_QUEUE, publishDue } from './news.service.ts';
import { newsStaffRoutes } from './news-staff.routes.tsx';

const routes = new Hono<AppEnv>();
routes.route('/', newsPublicRoutes);
routes.route('/', newsStaffRoutes);

/** Publishes a scheduled revision when its time comes; a job that runs early is retried. */
const publishJob: JobHandler<{ articleId: string; revision: number; publishAt: string; origin: string }> = async (job, ctx) => {
  const p = job.payload;
  if (!p || typeof p.articleId !== 'string' || !Number.isInteger(p.revision) || typeof p.publishAt !== 'string' || typeof p.origin !== 'string') throw new PermanentJobError('news.publish: malformed payload');
  const outcome = await ctx.tx((tx) => publishDue(tx, job.tenantId, p));
  if (outcome === 'early') throw new Error(`news ${p.articleId} revision ${p.revision} is not due until ${p.publishAt}`);
};

export const newsModule: ModuleRoutes = {
  routes,
  links: {
    resident: [{ href: '/news', title: publicText.linkTitle, description: publicText.linkDescription }],
    staff: [{ href: '/staff/news', title: staffText.linkTitle, description: staffText.linkDescription }],
  },
  jobs: { [NEWS_PUBLISH_QUEUE]: publishJob },
};
export { newsApi } from './news.api.ts';
export { seedDemoNews } from './news.seed.ts';
