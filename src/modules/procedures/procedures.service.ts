/** Use cases on the procedure catalog: find procedures, read one, and record one (seed, builder). */
import type { Queryable } from '../../platform/db/index.ts';
import type { Text } from '../../platform/i18n/index.ts';
import { containsPattern, normalizeForSearch, searchTerms } from '../../platform/i18n/index.ts';
import type { Category, LifeEvent } from './procedures.vocabulary.ts';

export interface ProcedureDetails {
  summary: Text;
  eligibility: Text;
  documents: Text[];
  /** How the fee is charged, when there is one (e.g. per copy). */
  feeNote?: Text;
  /** The standard processing time in words (標準処理期間). */
  processing: Text;
  legalBasis: Text;
  howToApply: Text;
}

export interface Procedure {
  id: string;
  slug: string;
  nationalNo: number | null;
  category: Category;
  lifeEvents: LifeEvent[];
  department: { id: string; name: Text };
  name: Text;
  nameKana: string;
  details: ProcedureDetails;
  feeYen: number;
  /** The sign-in level needed to apply: 1 e-mail code, 2 My Number Card. */
  assurance: 1 | 2;
  processingDays: number | null;
  contactPhone: string;
}

export interface ProcedureInput extends Omit<Procedure, 'id' | 'department'> {
  departmentId: string;
  sortOrder: number;
  /** Extra words residents may search for (e.g. 「保育園」 for 保育施設等の利用申込). */
  keywords: string[];
}

interface Row {
  id: string;
  slug: string;
  national_no: number | null;
  category: Category;
  life_events: LifeEvent[];
  department_id: string;
  department_ja: string;
  department_en: string;
  name_ja: string;
  name_en: string;
  name_kana: string;
  details: ProcedureDetails;
  fee_yen: number;
  assurance: number;
  processing_days: number | null;
  contact_phone: string;
}

const SELECT = `SELECT p.id, p.slug, p.national_no, p.category, p.life_events, p.department_id,
  d.name_ja AS department_ja, d.name_en AS department_en, p.name_ja, p.name_en, p.name_kana, p.details,
  p.fee_yen, p.assurance, p.processing_days, p.contact_phone
  FROM procedures p JOIN departments d ON d.tenant_id = p.tenant_id AND d.id = p.department_id`;

const present = (r: Row): Procedure => ({
  id: r.id,
  slug: r.slug,
  nationalNo: r.national_no,
  category: r.category,
  lifeEvents: r.life_events,
  department: { id: r.department_id, name: { ja: r.department_ja, en: r.department_en } },
  name: { ja: r.name_ja, en: r.name_en },
  nameKana: r.name_kana,
  details: r.details,
  feeYen: r.fee_yen,
  assurance: r.assurance >= 2 ? 2 : 1,
  processingDays: r.processing_days,
  contactPhone: r.contact_phone,
});

export interface ProcedureQuery {
  q?: string;
  category?: Category | undefined;
  lifeEvent?: LifeEvent | undefined;
}

/** Published procedures matching every query word (substring of the folded text) and filter, in catalog order. */
export async function findProcedures(tx: Queryable, tenant: string, query: ProcedureQuery = {}): Promise<Procedure[]> {
  const where = ['p.tenant_id = $1', 'p.published'];
  const params: unknown[] = [tenant];
  for (const word of searchTerms(query.q)) {
    params.push(containsPattern(word));
    where.push(`p.search_text LIKE $${params.length} ESCAPE '\\'`);
  }
  if (query.category) {
    params.push(query.category);
    where.push(`p.category = $${params.length}`);
  }
  if (query.lifeEvent) {
    params.push(query.lifeEvent);
    where.push(`$${params.length} = ANY (p.life_events)`);
  }
  const rows = await tx.query<Row>(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY p.sort_order, p.slug`, params);
  return rows.map(present);
}

/** One published procedure by its slug, or null (also for another municipality's slug). */
export async function getProcedure(tx: Queryable, tenant: string, slug: string): Promise<Procedure | null> {
  const [row] = await tx.query<Row>(`${SELECT} WHERE p.tenant_id = $1 AND p.slug = $2 AND p.published`, [tenant, slug]);
  return row ? present(row) : null;
}

function searchTextOf(p: ProcedureInput): string {
  return normalizeForSearch([p.name.ja, p.name.en, p.nameKana, p.details.summary.ja, p.details.summary.en, ...p.keywords].join(' '));
}

/** Creates the procedure, or updates the one with the same slug. Returns its id. */
export async function saveProcedure(tx: Queryable, tenant: string, p: ProcedureInput): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO procedures (tenant_id, slug, national_no, category, life_events, department_id, name_ja, name_en, name_kana,
       details, fee_yen, assurance, processing_days, contact_phone, sort_order, search_text, keywords)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (tenant_id, slug) DO UPDATE SET national_no = EXCLUDED.national_no, category = EXCLUDED.category,
       life_events = EXCLUDED.life_events, department_id = EXCLUDED.department_id, name_ja = EXCLUDED.name_ja,
       name_en = EXCLUDED.name_en, name_kana = EXCLUDED.name_kana, details = EXCLUDED.details, fee_yen = EXCLUDED.fee_yen,
       assurance = EXCLUDED.assurance, processing_days = EXCLUDED.processing_days, contact_phone = EXCLUDED.contact_phone,
       sort_order = EXCLUDED.sort_order, search_text = EXCLUDED.search_text, keywords = EXCLUDED.keywords, updated_at = now()
     RETURNING id`,
    [tenant, p.slug, p.nationalNo, p.category, p.lifeEvents, p.departmentId, p.name.ja, p.name.en, p.nameKana,
      JSON.stringify(p.details), p.feeYen, p.assurance, p.processingDays, p.contactPhone, p.sortOrder, searchTextOf(p), p.keywords],
  );
  return row!.id;
}

/** A procedure by id, published or not (for an application made before it was withdrawn from the catalog). */
export async function getProcedureById(tx: Queryable, tenant: string, id: string): Promise<Procedure | null> {
  const [row] = await tx.query<Row>(`${SELECT} WHERE p.tenant_id = $1 AND p.id = $2`, [tenant, id]);
  return row ? present(row) : null;
}
