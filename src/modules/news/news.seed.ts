/**
 * Demo news for みなと野市: two published items in two categories and one scheduled a week ahead
 * (it shows on the staff side only, until the job publishes it). Idempotent: a municipality that
 * already has news is left alone. The items go through the real use cases (write → send →
 * approve), so their history and audit entries look like any other.
 */
import { seedNotifyAreas } from '../notify/index.ts';
import type { Deps } from '../../platform/http/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import type { NewsContent } from './news.schema.ts';
import { approveRevision, createArticle, staffActor, submitRevision, systemActor, type Actor } from './news.service.ts';

/** Demo articles are written by the seed; the demo administrator (if any) approves them. */
const SEED_AUTHOR: Actor = { id: 'seed', audit: { actorKind: 'system', actorId: 'seed', ip: null } };

const DEMO: { department: { code: string; ja: string; en: string }; content: Omit<NewsContent, 'publishAt'>; daysAhead?: number }[] = [
  {
    department: { code: 'bosai', ja: '防災危機管理課', en: 'Disaster Management Division' },
    content: {
      category: 'bousai',
      areas: [],
      titleJa: '総合防災訓練を実施します',
      titleEn: 'City-wide disaster drill',
      bodyJa: '市内全域で総合防災訓練を実施します。当日は防災行政無線と緊急速報メールで訓練の放送を行います。\n\n避難所の場所は「避難所の開設・混雑状況」のページで確認できます。\n詳しくは https://www.fdma.go.jp/ もご覧ください。',
      bodyEn: 'The city holds a disaster drill in all areas. On the day, drill announcements are made over the outdoor speakers and by emergency mail.\n\nFind your shelter on the "Shelters" page.',
      summaryEasy: 'まちで ぼうさいの れんしゅうを します。ひなんじょの ばしょを たしかめて ください。',
      renotify: false,
    },
  },
  {
    department: { code: 'kosodate', ja: '子育て支援課', en: 'Child and Family Support Division' },
    content: {
      category: 'kosodate',
      areas: ['honmachi', 'minatomachi'],
      titleJa: '本町・港町で子育て相談会を開きます',
      titleEn: 'Parenting advice sessions in Honmachi and Minatomachi',
      bodyJa: '保健師と保育士が、子育ての悩みや保育所の申し込みについて相談に応じます。予約は不要です。\n\n持ち物: 母子健康手帳',
      bodyEn: '',
      summaryEasy: '',
      renotify: false,
    },
  },
  {
    department: { code: 'shimin', ja: '市民課', en: 'Citizen Services Division' },
    content: {
      category: 'kurashi',
      areas: [],
      titleJa: '年末年始の窓口業務について',
      titleEn: 'City hall counters over the New Year holidays',
      bodyJa: '12月29日から1月3日まで、市役所の窓口はお休みします。オンライン申請は休まず受け付けます。',
      bodyEn: 'City hall counters are closed from 29 December to 3 January. Online applications remain open.',
      summaryEasy: '',
      renotify: false,
    },
    daysAhead: 7,
  },
];

export async function seedDemoNews(deps: Pick<Deps, 'db'>, tenant: string, origin: string): Promise<void> {
  await withTenant(deps.db, tenant, async (tx) => {
    const [existing] = await tx.query('SELECT 1 FROM news_articles WHERE tenant_id = $1 LIMIT 1', [tenant]);
    if (existing) return;
    await seedNotifyAreas(tx, tenant);
    const [admin] = await tx.query<{ id: string }>(
      "SELECT u.id FROM staff_users u JOIN staff_roles r ON r.tenant_id = u.tenant_id AND r.staff_id = u.id WHERE u.tenant_id = $1 AND r.role = 'admin' ORDER BY u.created_at LIMIT 1",
      [tenant],
    );
    const approver = admin ? staffActor(admin.id) : systemActor;
    for (const item of DEMO) {
      await tx.query('INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, code) DO NOTHING', [tenant, item.department.code, item.department.ja, item.department.en]);
      const [dept] = await tx.query<{ id: string }>('SELECT id FROM departments WHERE tenant_id = $1 AND code = $2', [tenant, item.department.code]);
      const publishAt = item.daysAhead ? new Date(Date.now() + item.daysAhead * 86_400_000) : null;
      const id = await createArticle(tx, tenant, { departmentId: dept!.id, content: { ...item.content, publishAt } }, SEED_AUTHOR);
      const sent = await submitRevision(tx, tenant, id, SEED_AUTHOR, origin);
      if (sent.state === 'pending') await approveRevision(tx, tenant, id, approver, origin);
    }
  });
}
