/** Request and response schemas of the foundation API; the OpenAPI document is generated from them. */
import { z } from '@hono/zod-openapi';

const text = (ja: string, en: string) => z.object({ ja: z.string().openapi({ example: ja }), en: z.string().openapi({ example: en }) });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed', description: 'Stable error code; see docs/architecture.md#errors' }),
      message: text('入力内容を確認してください。', 'Please check what you entered.'),
      fields: z.array(z.object({ field: z.string().openapi({ example: 'limit' }), message: text('「limit」は200以下にしてください。', 'limit must be 200 or less.') })),
      requestId: z.string(),
    }),
  })
  .openapi('Error');

export const TokenInfoSchema = z
  .object({ name: z.string().openapi({ example: '基幹系連携' }), scopes: z.array(z.string()).openapi({ example: ['tenant:read'] }) })
  .openapi('TokenInfo');

export const TenantSchema = z
  .object({
    code: z.string().openapi({ example: '990019', description: '全国地方公共団体コード (6 digits with check digit)' }),
    name: text('みなと野市', 'Minatono City'),
    origin: z.string().openapi({ example: 'https://minatono.example.jp' }),
  })
  .openapi('Municipality');

export const DepartmentSchema = z
  .object({ id: z.string().uuid(), code: z.string().openapi({ example: 'shimin' }), name: text('市民課', 'Citizens Division') })
  .openapi('Department');

export const AuditQuerySchema = z.object({
  before: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .openapi({ param: { name: 'before', in: 'query' }, description: 'Return entries with a sequence number below this (paging backwards).', example: '1200' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .openapi({ param: { name: 'limit', in: 'query' }, example: 50 }),
});

export const AuditEventSchema = z
  .object({
    seq: z.string().openapi({ example: '1201' }),
    at: z.string().openapi({ example: '2026-11-24T09:00:00.000Z' }),
    actorKind: z.string().openapi({ example: 'staff' }),
    actorId: z.string().nullable(),
    action: z.string().openapi({ example: 'resident.read' }),
    recordType: z.string().nullable(),
    recordId: z.string().nullable(),
    reason: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .openapi('AuditEvent');

export const AuditPageSchema = z.object({ events: z.array(AuditEventSchema), nextBefore: z.string().nullable() }).openapi('AuditEventPage');
