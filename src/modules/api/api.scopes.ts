import type { Text } from '../../platform/i18n/index.ts';

/** Every scope an API token can carry. Modules add theirs here when they add API routes. */
export const apiScopes = {
  'tenant:read': { ja: '自治体の基本情報を読む', en: 'Read the municipality\'s basic information' },
  'departments:read': { ja: '課の一覧を読む', en: 'Read the list of departments' },
  'audit:read': { ja: '監査ログを読む（SIEMなどへの連携）', en: 'Read the audit log (for a SIEM)' },
  'opendata:read': { ja: '施設・避難所の台帳、データセット、避難所の状況を読む', en: 'Read place registries, datasets and shelter status' },
  'places:write': { ja: '施設・避難所の台帳を登録・更新する', en: 'Create and update places in the registries' },
  'shelters:write': { ja: '避難所の開設・混雑状況を更新する（防災システム連携）', en: 'Update shelter opening and crowding (disaster systems)' },
  'cases:read': { ja: '申請（案件）の一覧と内容を読む（読むたびに監査ログに記録）', en: 'Read cases (applications) and their answers (each read is audit-logged)' },
  'cases:decide': { ja: '決裁ルートの手順（承認・差戻し・却下）を職員として記録する', en: 'Record approval-route steps (approve, return, reject) for a staff member' },
  'cases:export': { ja: '受理した申請をCSVで書き出す（基幹系連携）', en: 'Export accepted cases as CSV (core systems)' },
  'news:write': { ja: 'お知らせを作成・編集し、公開を申請する', en: 'Write and edit news and send it for publication' },
  'news:approve': { ja: 'お知らせを承認して公開し、取り下げる（同じトークンで作成・編集・申請したものは承認できません）', en: 'Approve, publish and withdraw news (not news the same token wrote, edited or sent)' },
  'alerts:write': { ja: '緊急情報を作成し、承認を依頼し、訓練・テスト・取消を送信する', en: 'Draft alerts, ask for approval, and send exercise, test and cancel messages' },
  'alerts:approve': { ja: '緊急情報を承認して送信し、緊急時の特例送信を行う（作成したものは承認できません）', en: 'Approve and send alerts, and use the emergency override (not alerts the same token wrote)' },
  'notify:subscriptions': { ja: '配信登録を受け付ける（確認メールによる二段階）・配信を停止する', en: 'Create subscriptions (double opt-in by mail) and unsubscribe' },
  'notify:read': { ja: 'お知らせ・緊急情報の配信状況を読む', en: 'Read delivery status of news and alerts' },
  'notify:bounces': { ja: 'メールの不達（バウンス）を報告する（メール中継サーバー連携）', en: 'Report mail bounces (mail relay integration)' },
} as const satisfies Record<string, Text>;

export type ApiScope = keyof typeof apiScopes;
export const scopeNames = Object.keys(apiScopes) as ApiScope[];
