/**
 * Dates typed as residents write them: 2024-05-01, 2024/5/1, ２０２４年５月１日, 令和6年5月1日,
 * 令和元年5月1日, R6.5.1, H30/4/1, S60-4-1. Returns YYYY-MM-DD or null when it is no real date.
 */
const ERAS: Record<string, { start: string; end: string; firstYear: number }> = {
  令和: { start: '2019-05-01', end: '9999-12-31', firstYear: 2019 },
  平成: { start: '1989-01-08', end: '2019-04-30', firstYear: 1989 },
  昭和: { start: '1926-12-25', end: '1989-01-07', firstYear: 1926 },
  大正: { start: '1912-07-30', end: '1926-12-24', firstYear: 1912 },
};
const ERA_LETTERS: Record<string, string> = { r: '令和', h: '平成', s: '昭和', t: '大正' };

function iso(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || y < 1868 || y > 2200) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export function parseJapaneseDate(input: string): string | null {
  const s = input.normalize('NFKC').replace(/\s/g, '').replace(/元年/, '1年').toLowerCase();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(令和|平成|昭和|大正|[rhst])(\d{1,2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) return null;
  const era = ERAS[ERA_LETTERS[m[1]!] ?? m[1]!]!;
  const year = era.firstYear + Number(m[2]) - 1;
  const result = iso(year, Number(m[3]), Number(m[4]));
  // 平成31年5月1日 is no date: 令和 began that day.
  return result && result >= era.start && result <= era.end ? result : null;
}
