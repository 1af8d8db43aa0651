/**
 * CAP 1.2 (OASIS Common Alerting Protocol) for one alert message, and its validation against the
 * OASIS schema (cap12.xsd beside this file) with libxml2 compiled to WebAssembly (xmllint-wasm).
 * The mapping is documented in docs/alerts.md and ADR 0044. A document that does not validate is
 * never published: sending stops before anything is stored or broadcast.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import type { Alert, Versions } from '../alert.ts';
import { statusTag } from '../alerts.messages.ts';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
export const CAP_XSD_PATH = fileURLToPath(new URL('./cap12.xsd', import.meta.url));
let schema: string | undefined;

export interface CapMunicipality {
  code: string;
  nameJa: string;
  nameEn: string;
  origin: string;
}

/** The message's identity in CAP: sender (the site's host), identifier, sent. */
export interface CapRef {
  identifier: string;
  sent: Date;
}

/** CAP time: Japan time with its offset and no fractional seconds, e.g. 2026-07-01T18:00:00+09:00. */
export function capTime(d: Date): string {
  return `${new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 19)}+09:00`;
}

export const capSender = (m: CapMunicipality) => new URL(m.origin).host;
export const capIdentifier = (m: CapMunicipality, alertId: string) => `yakuba-${m.code}-${alertId}`;

// XML 1.0 allows neither C0 controls (except tab, LF, CR) nor lone surrogates; input validation
// already refuses them, and this keeps a stored document well-formed whatever happens upstream.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const el = (name: string, value: string, indent: string) => `${indent}<${name}>${xmlEscape(value)}</${name}>\n`;
const cap = (s: string) => (s === 'cbrne' ? 'CBRNE' : s === 'allclear' ? 'AllClear' : s.charAt(0).toUpperCase() + s.slice(1));

/** Language versions present in a message: Japanese always, Easy Japanese and English when written. */
export function languagesOf(a: Pick<Alert, 'headline' | 'description' | 'instruction'>): (keyof Versions)[] {
  const has = (k: keyof Versions) => Boolean(a.headline[k] || a.description[k] || a.instruction[k]);
  return (['ja', 'easy', 'en'] as const).filter((k) => k === 'ja' || has(k));
}

/**
 * The CAP document of a sent message. `earlier` are the messages before it in its chain (oldest
 * first); all of them are listed in <references>, so a receiver that missed one still links them.
 */
export function buildCap(a: Alert, m: CapMunicipality, earlier: CapRef[], publicUrl: string): string {
  if (!a.sentAt) throw new Error('buildCap needs a sent message');
  const sender = capSender(m);
  const tag = statusTag[a.status];
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  out.push(`<alert xmlns="${CAP_NAMESPACE}">\n`);
  out.push(el('identifier', capIdentifier(m, a.id), '  '));
  out.push(el('sender', sender, '  '));
  out.push(el('sent', capTime(a.sentAt), '  '));
  out.push(el('status', cap(a.status), '  '));
  out.push(el('msgType', cap(a.msgType), '  '));
  out.push(el('source', `${m.nameJa} (yakuba)`, '  '));
  out.push(el('scope', 'Public', '  '));
  if (a.status !== 'actual') out.push(el('note', a.status === 'exercise' ? '訓練 / Exercise: not a real alert' : 'テスト / Test: not a real alert', '  '));
  if (earlier.length) out.push(el('references', earlier.map((r) => `${sender},${r.identifier},${capTime(r.sent)}`).join(' '), '  '));
  out.push(el('incidents', capIdentifier(m, a.chainId), '  '));
  for (const lang of languagesOf(a)) {
    const en = lang === 'en';
    const pick = (v: Versions) => v[lang] || v.ja;
    const t = tag ? (en ? tag.en : tag.ja) : '';
    out.push('  <info>\n');
    out.push(el('language', en ? 'en-US' : 'ja-JP', '    '));
    out.push(el('category', cap(a.category), '    '));
    out.push(el('event', en ? a.event.en || a.event.ja : a.event.ja, '    '));
    out.push(el('responseType', cap(a.responseType), '    '));
    out.push(el('urgency', cap(a.urgency), '    '));
    out.push(el('severity', cap(a.severity), '    '));
    out.push(el('certainty', cap(a.certainty), '    '));
    if (lang === 'easy') out.push(el('audience', 'やさしい日本語', '    '));
    out.push(el('expires', capTime(a.expiresAt), '    '));
    out.push(el('senderName', en ? m.nameEn : m.nameJa, '    '));
    out.push(el('headline', `${t}${pick(a.headline)}`, '    '));
    if (pick(a.description)) out.push(el('description', pick(a.description), '    '));
    if (pick(a.instruction)) out.push(el('instruction', pick(a.instruction), '    '));
    out.push(el('web', publicUrl, '    '));
    if (a.level) out.push(`    <parameter>\n${el('valueName', '警戒レベル', '      ')}${el('value', String(a.level), '      ')}    </parameter>\n`);
    if (lang === 'easy') out.push(`    <parameter>\n${el('valueName', 'yakuba:version', '      ')}${el('value', 'easy-japanese', '      ')}    </parameter>\n`);
    const areas = a.areas.length ? a.areas : [{ code: '', name: { ja: m.nameJa, en: m.nameEn } }];
    for (const area of areas) {
      out.push('    <area>\n');
      out.push(el('areaDesc', en ? area.name.en || area.name.ja : area.name.ja, '      '));
      out.push(`      <geocode>\n${el('valueName', '全国地方公共団体コード', '        ')}${el('value', m.code, '        ')}      </geocode>\n`);
      if (area.code) out.push(`      <geocode>\n${el('valueName', 'yakuba:地区', '        ')}${el('value', area.code, '        ')}      </geocode>\n`);
      out.push('    </area>\n');
    }
    out.push('  </info>\n');
  }
  out.push('</alert>\n');
  return out.join('');
}

export interface CapValidation {
  valid: boolean;
  errors: string[];
}

/** Validates a CAP document against the OASIS CAP 1.2 schema (`xsdPath`, by default the copy beside this file). */
export async function validateCap(xml: string, xsdPath = CAP_XSD_PATH): Promise<CapValidation> {
  const xsd = xsdPath === CAP_XSD_PATH ? (schema ??= fs.readFileSync(CAP_XSD_PATH, 'utf8')) : fs.readFileSync(xsdPath, 'utf8');
  const r = await validateXML({ xml: [{ fileName: 'alert.xml', contents: xml }], schema: [xsd], initialMemoryPages: 256 });
  return { valid: r.valid, errors: r.errors.map((e) => e.message) };
}
