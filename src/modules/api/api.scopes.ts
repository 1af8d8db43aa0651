import type { Text } from '../../platform/i18n/index.ts';

/** Every scope an API token can carry. Modules add theirs here when they add API routes. */
export const apiScopes = {
  'tenant:read': { ja: '自治体の基本情報を読む', en: 'Read the municipality\'s basic information' },
  'departments:read': { ja: '課の一覧を読む', en: 'Read the list of departments' },
  'audit:read': { ja: '監査ログを読む（SIEMなどへの連携）', en: 'Read the audit log (for a SIEM)' },
} as const satisfies Record<string, Text>;

export type ApiScope = keyof typeof apiScopes;
export const scopeNames = Object.keys(apiScopes) as ApiScope[];
