/**
 * What an uploaded file is, read from its content: a PDF (checked for active content) or a JPEG,
 * PNG or WebP image (metadata stripped by image-clean.ts). The result carries the bytes to store:
 * the cleaned image, or the PDF as sent.
 */
import { cleanPhoto, sniffImageType } from './image-clean.ts';
import { checkPdf, looksLikePdf } from './pdf-check.ts';

export type FileKind = 'pdf' | 'image';

export type Inspection =
  | { ok: true; kind: FileKind; contentType: 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp'; content: Buffer }
  /** type: neither a PDF nor an image, or a kind not accepted; damaged: cannot be read; active: a PDF with scripts, actions or embedded files; dimensions: an image too large. */
  | { ok: false; reason: 'type' | 'damaged' | 'active' | 'dimensions' };

export function inspectFile(content: Buffer, accept: readonly FileKind[] = ['pdf', 'image']): Inspection {
  if (looksLikePdf(content)) {
    if (!accept.includes('pdf')) return { ok: false, reason: 'type' };
    const pdf = checkPdf(content);
    return pdf.ok ? { ok: true, kind: 'pdf', contentType: 'application/pdf', content } : { ok: false, reason: pdf.reason };
  }
  if (sniffImageType(content)) {
    if (!accept.includes('image')) return { ok: false, reason: 'type' };
    const image = cleanPhoto(content);
    return image.ok ? { ok: true, kind: 'image', contentType: image.type, content: image.content } : { ok: false, reason: image.reason };
  }
  return { ok: false, reason: 'type' };
}
