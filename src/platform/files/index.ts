/** Checks of uploaded files shared by modules: type from content, image metadata stripped, PDFs without active content. */
export { cleanPhoto, sniffImageType, PHOTO_MAX_PIXELS, PHOTO_MAX_SIDE, type CleanResult, type PhotoType } from './image-clean.ts';
export { checkPdf, looksLikePdf, type PdfCheck } from './pdf-check.ts';
export { inspectFile, type FileKind, type Inspection } from './inspect.ts';
