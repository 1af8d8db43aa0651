/**
 * The checks a file field applies to an upload: size (per field, default 5 MB, never above 10 MB),
 * kind from the content (PDF and/or images; a file renamed to .pdf is still what it is), and the
 * content checks of platform/files. Every refusal names the field in Japanese and English.
 */
import type { FieldError } from '../../../platform/errors/index.ts';
import { inspectFile, PHOTO_MAX_SIDE, type FileKind } from '../../../platform/files/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import type { FieldDef } from '../forms/form-definition.ts';

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const HARD_MAX_BYTES = 10 * 1024 * 1024;

export function fileLimits(f: FieldDef): { accept: FileKind[]; maxBytes: number; maxFiles: number } {
  const accept = f.accept?.length ? f.accept : (['pdf', 'image'] as FileKind[]);
  return { accept, maxBytes: Math.min(f.maxBytes ?? DEFAULT_MAX_BYTES, HARD_MAX_BYTES), maxFiles: Math.max(1, Math.min(f.maxFiles ?? 1, 20)) };
}

/** "5 MB", "500 KB": limits as people read them. */
export const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

const kindsText = (accept: FileKind[]): Text =>
  accept.length === 2 ? { ja: 'PDFまたは画像（JPEG・PNG・WebP）', en: 'a PDF or an image (JPEG, PNG or WebP)' } : accept[0] === 'pdf' ? { ja: 'PDF', en: 'a PDF' } : { ja: '画像（JPEG・PNG・WebP）', en: 'an image (JPEG, PNG or WebP)' };

/** The `accept` attribute of the file input (a hint for the browser's picker; the server decides). */
export const acceptAttribute = (f: FieldDef) => fileLimits(f).accept.map((k) => (k === 'pdf' ? 'application/pdf,.pdf' : 'image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp')).join(',');

export type UploadCheck = { ok: true; contentType: string; content: Buffer } | { ok: false; error: FieldError };

export function checkUpload(f: FieldDef, label: Text, content: Buffer): UploadCheck {
  const { accept, maxBytes } = fileLimits(f);
  const fail = (ja: string, en: string): UploadCheck => ({ ok: false, error: { field: f.name, message: { ja: `「${label.ja}」${ja}`, en: en.replace('{label}', label.en) } } });
  if (content.length === 0) return fail('のファイルが空です。別のファイルを選んでください。', 'The file for {label} is empty. Choose another file.');
  if (content.length > maxBytes) return fail(`のファイルが大きすぎます（1ファイル${formatBytes(maxBytes)}まで）。小さくしてから選んでください。`, `The file for {label} is too large (up to ${formatBytes(maxBytes)} per file). Make it smaller and choose it again.`);
  const kinds = kindsText(accept);
  const result = inspectFile(content, accept);
  if (result.ok) return { ok: true, contentType: result.contentType, content: result.content };
  switch (result.reason) {
    case 'type':
      return fail(`には${kinds.ja}のファイルを選んでください（ファイル名を変えても種類は変わりません）。`, `Choose ${kinds.en} for {label} (renaming a file does not change its type).`);
    case 'active':
      return fail('のPDFにはスクリプトや埋め込みファイルが含まれているため受け付けられません。印刷してスキャンするか、PDFとして保存し直してください。', 'The PDF for {label} contains scripts or embedded files, which we cannot accept. Print and scan it, or save it as a PDF again.');
    case 'dimensions':
      return fail(`の画像が大きすぎます（縦・横${PHOTO_MAX_SIDE}ピクセルまで）。`, `The image for {label} is too large (up to ${PHOTO_MAX_SIDE} pixels a side).`);
    default:
      return fail('のファイルを読み取れません。壊れていないか確かめて、もう一度選んでください。', 'We cannot read the file for {label}. Check that it is not damaged and choose it again.');
  }
}
