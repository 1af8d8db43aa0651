/**
 * Turns an uploaded table into an import plan for one registry: which standard columns the header
 * names (current or legacy generation), each row checked into a place or rejected with reasons.
 * No database access: the plan is applied, all or nothing, by `applyImport` in places.service.ts.
 */
import { bilingual, defineMessages, type Text } from '../../../platform/i18n/index.ts';
import { registries, type PlaceKind, type StandardColumn } from '../registries.ts';
import type { TabularFile } from '../tabular/tabular.ts';
import { validatePlaceValues, type PlaceInput } from './place.ts';

export const importMessages = defineMessages({
  missingColumns: {
    ja: '必要な列がありません: {columns}。1行目には列名（見出し）を、自治体標準オープンデータセットの「{title}」の列名で入れてください。',
    en: 'Required columns are missing: {columns}. The first row must hold the column names of the standard data set "{titleEn}".',
  },
  noRows: { ja: 'データの行がありません（1行目の見出しの下に、1件ごとに1行で入れてください）。', en: 'There are no data rows (below the header row, one row per record).' },
  duplicateHeader: { ja: '列名「{column}」が2回以上あります。1つにまとめてください。', en: 'The column "{column}" appears more than once. Keep only one.' },
  duplicateId: { ja: 'ID「{id}」が{first}行目と重複しています。IDは1件ごとに異なる値にしてください。', en: 'ID "{id}" is the same as on line {first}. Every record needs its own ID.' },
  extraCells: {
    ja: 'この行は見出しより列が多くなっています（{count}列）。値に「,」（コンマ）が含まれる場合は、値全体を「"」で囲んでください。',
    en: 'This row has more cells ({count}) than the header. If a value contains a comma, put the whole value in double quotes (").',
  },
  formulaCell: {
    ja: '「{column}」に数式が入っています。数式は取り込めないため、Excelで値に変換してから保存してください。',
    en: '"{columnEn}" holds a formula. Formulas cannot be imported: convert them to values in Excel first.',
  },
});

export interface ImportProblem {
  /** Line in the file (CSV line or Excel row number). */
  line: number;
  localId: string;
  column: string | null;
  value: string;
  message: Text;
}

export interface ImportPlan {
  kind: PlaceKind;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  generation: 'current' | 'legacy';
  records: { line: number; input: PlaceInput }[];
  problems: ImportProblem[];
  /** Set when the file as a whole cannot be imported (missing columns, no rows). */
  fileProblem: Text | null;
  ignoredColumns: string[];
  /** Standard columns the file has; on update, columns the file lacks keep their stored values. */
  presentColumns: string[];
  rowsRead: number;
}

/** Column-name key that ignores 全角/半角 differences and spaces: 建物名等（方書） ≡ 建物名等(方書). */
const headerKey = (s: string) => s.normalize('NFKC').replace(/[\s\uFEFF]/g, '');

function columnIndex(columns: StandardColumn[]): Map<string, { column: StandardColumn; legacy: boolean }> {
  const map = new Map<string, { column: StandardColumn; legacy: boolean }>();
  for (const column of columns) {
    map.set(headerKey(column.name), { column, legacy: false });
    for (const alias of column.legacy ?? []) if (!map.has(headerKey(alias))) map.set(headerKey(alias), { column, legacy: true });
  }
  return map;
}

const isBlank = (cells: string[]) => cells.every((c) => c.replace(/[\s\u3000]/g, '') === '');

export function planImport(kind: PlaceKind, file: TabularFile, tenantCode: string): ImportPlan {
  const registry = registries[kind];
  const plan: ImportPlan = { kind, format: file.format, encoding: file.encoding, generation: 'current', records: [], problems: [], fileProblem: null, ignoredColumns: [], presentColumns: [], rowsRead: 0 };
  const headerAt = file.rows.findIndex((r) => !isBlank(r.cells));
  if (headerAt < 0) {
    plan.fileProblem = importMessages.noRows;
    return plan;
  }
  const header = file.rows[headerAt]!;
  const index = columnIndex(registry.columns);
  const mapped: (StandardColumn | null)[] = [];
  const seen = new Set<string>();
  let legacyHits = 0;
  for (const cell of header.cells) {
    const name = cell.trim();
    const hit = index.get(headerKey(name));
    if (!hit) {
      mapped.push(null);
      if (name) plan.ignoredColumns.push(name);
      continue;
    }
    if (seen.has(hit.column.name)) {
      plan.fileProblem = bilingual(importMessages.duplicateHeader, { column: name });
      return plan;
    }
    seen.add(hit.column.name);
    if (hit.legacy) legacyHits++;
    mapped.push(hit.column);
  }
  plan.generation = legacyHits > 0 ? 'legacy' : 'current';
  const missing = registry.columns.filter((c) => c.requiredColumn && !seen.has(c.name));
  if (missing.length) {
    const names = missing.map((c) => (c.legacy?.length ? `${c.name}（${c.legacy[0]}）` : c.name)).join('、');
    plan.fileProblem = bilingual(importMessages.missingColumns, { columns: names, title: registry.title.ja, titleEn: registry.title.en });
    return plan;
  }
  const present = registry.columns.filter((c) => seen.has(c.name));
  plan.presentColumns = present.map((c) => c.name);
  const firstLineOfId = new Map<string, number>();
  for (const row of file.rows.slice(headerAt + 1)) {
    if (isBlank(row.cells)) continue;
    plan.rowsRead++;
    const values: Record<string, string> = {};
    const rowProblems: Omit<ImportProblem, 'line' | 'localId'>[] = [];
    row.cells.forEach((cell, i) => {
      const column = mapped[i];
      if (column) values[column.name] = cell;
    });
    const idCell = (values['ID'] ?? '').trim();
    const extra = row.cells.slice(header.cells.length);
    if (extra.some((c) => c.trim() !== '')) rowProblems.push({ column: null, value: '', message: bilingual(importMessages.extraCells, { count: row.cells.length }) });
    for (const i of row.formulas ?? []) {
      const column = mapped[i];
      if (column) rowProblems.push({ column: column.name, value: '', message: bilingual(importMessages.formulaCell, { column: column.name, columnEn: column.en }) });
    }
    const { input, problems } = validatePlaceValues(kind, values, tenantCode, present);
    for (const p of problems) rowProblems.push({ column: p.column, value: p.column ? (values[p.column] ?? '') : '', message: p.message });
    if (input.localId) {
      const first = firstLineOfId.get(input.localId);
      if (first !== undefined) rowProblems.push({ column: 'ID', value: input.localId, message: bilingual(importMessages.duplicateId, { id: input.localId, first }) });
      else firstLineOfId.set(input.localId, row.line);
    }
    if (rowProblems.length) plan.problems.push(...rowProblems.map((p) => ({ ...p, line: row.line, localId: idCell, value: [...p.value].slice(0, 60).join('') })));
    else plan.records.push({ line: row.line, input });
  }
  if (plan.rowsRead === 0) plan.fileProblem = importMessages.noRows;
  return plan;
}
