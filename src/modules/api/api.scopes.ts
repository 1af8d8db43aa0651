import type { Text } from '../../platform/i18n/index.ts';

/** Every scope an API token can carry. Modules add theirs here when they add API routes. */
export const apiScopes = {
  'tenant:read': { ja: '自治体の基本情報を読む', en: 'Read the municipality\'s basic information' },
  'departments:read': { ja: '課の一覧を読む', en: 'Read the list of departments' },
  'audit:read': { ja: '監査ログを読む（SIEMなどへの連携）', en: 'Read the audit log (for a SIEM)' },
  'opendata:read': { ja: '施設・避難所の台帳、データセット、避難所の状況を読む', en: 'Read place registries, datasets and shelter status' },
  'places:write': { ja: '施設・避難所の台帳を登録・更新する', en: 'Create and update places in the registries' },
  'shelters:write': { ja: '避難所の開設・混雑状況を更新する（防災システム連携）', en: 'Update shelter opening and crowding (disaster systems)' },
} as const satisfies Record<string, Text>;

export type ApiScope = keyof typeof apiScopes;
export const scopeNames = Object.keys(apiScopes) as ApiScope[];
