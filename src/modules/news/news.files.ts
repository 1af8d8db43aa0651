/**
 * Checks an uploaded image or attachment before it is stored: type from the content (never the
 * name), images cleaned of metadata (platform/files, ADR 24), PDFs without active content, size
 * limits, and alternative text required for images. Returns the file to store or field errors.
 */
import type { FieldError } from '../../platform/errors/index.ts';
import { checkPdf, cleanPhoto, PHOTO_MAX_SIDE } from '../../platform/files/index.ts';
import { bilingual } from '../../platform/i18n/index.ts';
import { textField } from '../../platform/validation/index.ts';
import { fieldText, staffText as m } from './news.messages.ts';

export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export interface CheckedFile {
  kind: 'image' | 'attachment';
  content: Buffer;
  contentType: string;
  filename: string;
  width?: number;
  height?: number;
  altJa?: string;
  altEn?: string;
}

/** A file name safe to show and to send back in Content-Disposition: no path, no control characters, bounded. */
export function safeFilename(name: string, fallback: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').normalize('NFC').replace(/[\u0000-\u001F\u007F"\u202A-\u202E\u2066-\u2069]/g, '').trim();
  const chars = [...base];
  return (chars.length > 120 ? chars.slice(chars.length - 120).join('') : base) || fallback;
}

const altSchema = (max: number) => textField({ max });

export function checkUpload(kind: 'image' | 'attachment', upload: { name: string; content: Buffer } | null, alt: { ja: string; en: string }): { ok: true; file: CheckedFile } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (kind === 'image') {
    const altJa = altSchema(300).safeParse(alt.ja);
    if (!altJa.success) errors.push({ field: 'altJa', message: alt.ja.trim() ? bilingual({ ja: `「${fieldText.altJa.ja}」は300文字以内で、制御文字を含めずに入力してください。`, en: `${fieldText.altJa.en} must be 300 characters or fewer, without control characters.` }) : m.altRequired });
    const altEn = alt.en.trim() ? altSchema(600).safeParse(alt.en) : null;
    if (altEn && !altEn.success) errors.push({ field: 'altEn', message: { ja: `「${fieldText.altEn.ja}」は600文字以内で、制御文字を含めずに入力してください。`, en: `${fieldText.altEn.en} must be 600 characters or fewer, without control characters.` } });
    if (!upload || upload.content.length === 0) return { ok: false, errors: [{ field: 'file', message: m.fileMissing }, ...errors] };
    if (upload.content.length > IMAGE_MAX_BYTES) return { ok: false, errors: [{ field: 'file', message: m.imageTooLarge }, ...errors] };
    const cleaned = cleanPhoto(upload.content);
    if (!cleaned.ok) {
      const message = cleaned.reason === 'type' ? m.imageType : cleaned.reason === 'damaged' ? m.imageDamaged : bilingual(m.imageDimensions, { width: cleaned.width ?? 0, height: cleaned.height ?? 0, side: PHOTO_MAX_SIDE });
      return { ok: false, errors: [{ field: 'file', message }, ...errors] };
    }
    if (errors.length || !altJa.success) return { ok: false, errors };
    const ext = cleaned.type === 'image/jpeg' ? 'jpg' : cleaned.type === 'image/png' ? 'png' : 'webp';
    return {
      ok: true,
      file: { kind, content: cleaned.content, contentType: cleaned.type, filename: safeFilename(upload.name, `image.${ext}`), width: cleaned.width, height: cleaned.height, altJa: altJa.data, altEn: altEn?.success ? altEn.data : '' },
    };
  }
  if (!upload || upload.content.length === 0) return { ok: false, errors: [{ field: 'file', message: m.fileMissing }] };
  if (upload.content.length > ATTACHMENT_MAX_BYTES) return { ok: false, errors: [{ field: 'file', message: m.attachmentTooLarge }] };
  const pdf = checkPdf(upload.content);
  if (!pdf.ok) return { ok: false, errors: [{ field: 'file', message: pdf.reason === 'type' ? m.attachmentType : m.attachmentRejected }] };
  const name = safeFilename(upload.name, 'attachment.pdf');
  return { ok: true, file: { kind, content: upload.content, contentType: 'application/pdf', filename: /\.pdf$/i.test(name) ? name : `${name}.pdf` } };
}
