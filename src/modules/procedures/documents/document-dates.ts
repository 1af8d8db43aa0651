/** Dates as official papers print them: 和暦 first, the Western date beside it, Japan time. */
const WAREKI = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'Asia/Tokyo' });
const SEIREKI = new Intl.DateTimeFormat('ja-JP', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'Asia/Tokyo' });
const TIME = new Intl.DateTimeFormat('ja-JP', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Tokyo' });
const ISO_DAY = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Asia/Tokyo' });

/** "令和8年11月30日 15:33（2026年11月30日）". */
export function warekiDateTime(d: Date): string {
  return `${WAREKI.format(d)} ${TIME.format(d)}（${SEIREKI.format(d)}）`;
}

/** "令和8年11月30日（2026年11月30日）". */
export function warekiDate(d: Date): string {
  return `${WAREKI.format(d)}（${SEIREKI.format(d)}）`;
}

/** "令和8年11月30日" only, as in a notice's date line. */
export function warekiDay(d: Date): string {
  return WAREKI.format(d);
}

/** The calendar day in Japan, YYYY-MM-DD. */
export function japanDay(d: Date): string {
  return ISO_DAY.format(d);
}

/** A day (YYYY-MM-DD, Japan) as noon in Japan, safe to format in any time zone. */
export function dayToDate(day: string): Date {
  return new Date(`${day.slice(0, 10)}T12:00:00+09:00`);
}
