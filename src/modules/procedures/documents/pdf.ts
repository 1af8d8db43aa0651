/**
 * A4 documents drawn with pdfkit in Noto Sans JP (ADR 34). The fonts are embedded as subsets (only
 * the glyphs a document uses), with a ToUnicode map so that copying or searching the text, and
 * screen readers, get the original characters back, surrogate-pair kanji such as 𠮷 included.
 * Every page repeats a running header (document title and receipt number) and carries "page n / N".
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const REGULAR = 'yakuba-regular';
const BOLD = 'yakuba-bold';

let fonts: { regular: Buffer; bold: Buffer } | null = null;
/** The two TTF files (about 5 MB each), read once on first use and kept. */
function fontFiles() {
  fonts ??= {
    regular: readFileSync(require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf')),
    bold: readFileSync(require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf')),
  };
  return fonts;
}

const MARGIN = { top: 86, bottom: 60, left: 56, right: 56 };
const LABEL_WIDTH = 170;
const GAP = 12;

export interface PdfOptions {
  /** Document title (PDF metadata and the first heading). */
  title: string;
  /** Short text repeated at the top of every page, e.g. "申請書の控え 受付番号 2026-000001". */
  runningHeader: string;
  /** Fixes the creation date written into the file, so the same input gives the same bytes. */
  createdAt: Date;
  author: string;
}

/** A page-aware writer over one pdfkit document. Call `finish()` for the bytes. */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(private readonly opts: PdfOptions) {
    const files = fontFiles();
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      lang: 'ja-JP',
      displayTitle: true,
      info: { Title: opts.title, Author: opts.author, Creator: 'yakuba', Producer: 'yakuba (pdfkit)', CreationDate: opts.createdAt, ModDate: opts.createdAt },
    });
    this.doc.registerFont(REGULAR, files.regular);
    this.doc.registerFont(BOLD, files.bold);
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.on('pageAdded', () => this.drawRunningHeader());
    this.drawRunningHeader();
    this.doc.font(REGULAR).fontSize(10.5);
  }

  private get contentWidth() {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }

  private get bottom() {
    return this.doc.page.height - MARGIN.bottom;
  }

  /** Drawn in the top margin, so flowing text that continues on a new page starts below it. */
  private drawRunningHeader() {
    const { doc } = this;
    const [x, y] = [doc.x, doc.y];
    doc.font(REGULAR).fontSize(8.5).fillColor('#555555').text(this.opts.runningHeader, MARGIN.left, 40, { width: this.contentWidth, lineBreak: false });
    doc
      .moveTo(MARGIN.left, 58)
      .lineTo(MARGIN.left + this.contentWidth, 58)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
    doc.fillColor('#000000').font(REGULAR).fontSize(10.5);
    doc.x = x;
    doc.y = y;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  private ensureSpace(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  title(text: string) {
    this.doc.font(BOLD).fontSize(18).text(text, MARGIN.left, this.doc.y, { width: this.contentWidth, align: 'center' });
    this.doc.moveDown(0.8).font(REGULAR).fontSize(10.5);
  }

  heading(text: string) {
    this.ensureSpace(40);
    this.doc.moveDown(0.6);
    this.doc.font(BOLD).fontSize(12.5).text(text, MARGIN.left, this.doc.y, { width: this.contentWidth });
    const y = this.doc.y + 2;
    this.doc.moveTo(MARGIN.left, y).lineTo(MARGIN.left + this.contentWidth, y).lineWidth(0.75).strokeColor('#333333').stroke();
    this.doc.y = y + 6;
    this.doc.font(REGULAR).fontSize(10.5);
  }

  /** A sub-heading inside a section (e.g. one child of a repeating group). */
  subheading(text: string, indent = 0) {
    this.ensureSpace(32);
    this.doc.moveDown(0.3);
    this.doc.font(BOLD).fontSize(10.5).text(text, MARGIN.left + indent, this.doc.y, { width: this.contentWidth - indent });
    this.doc.font(REGULAR).moveDown(0.2);
  }

  paragraph(text: string, opts: { align?: 'left' | 'right' | 'center'; bold?: boolean; size?: number } = {}) {
    this.doc
      .font(opts.bold ? BOLD : REGULAR)
      .fontSize(opts.size ?? 10.5)
      .text(text, MARGIN.left, this.doc.y, { width: this.contentWidth, align: opts.align ?? 'left', lineGap: 2 });
    this.doc.font(REGULAR).fontSize(10.5);
  }

  space(lines = 1) {
    this.doc.moveDown(lines);
  }

  /**
   * One label and its value side by side. Long values wrap inside their column; a row that does
   * not fit on what is left of the page moves to the next page whole, and a value longer than a
   * whole page flows on over as many pages as it needs (the running header repeats on each).
   */
  row(label: string, value: string, indent = 0) {
    const { doc } = this;
    const x = MARGIN.left + indent;
    const labelWidth = LABEL_WIDTH - indent;
    const valueX = MARGIN.left + LABEL_WIDTH + GAP;
    const valueWidth = this.contentWidth - LABEL_WIDTH - GAP;
    doc.font(BOLD).fontSize(9.5);
    const labelHeight = doc.heightOfString(label, { width: labelWidth, lineGap: 1 });
    doc.font(REGULAR).fontSize(10.5);
    const valueHeight = doc.heightOfString(value, { width: valueWidth, lineGap: 2 });
    const height = Math.max(labelHeight, valueHeight);
    const pageHeight = this.bottom - MARGIN.top;
    if (height <= pageHeight) this.ensureSpace(height + 6);
    const top = doc.y;
    doc.font(BOLD).fontSize(9.5).text(label, x, top, { width: labelWidth, lineGap: 1 });
    const afterLabel = { page: this.pageIndex(), y: doc.y };
    doc.font(REGULAR).fontSize(10.5).text(value, valueX, top, { width: valueWidth, lineGap: 2 });
    const afterValue = { page: this.pageIndex(), y: doc.y };
    doc.y = (afterValue.page > afterLabel.page ? afterValue.y : Math.max(afterLabel.y, afterValue.y)) + 5;
    doc.x = MARGIN.left;
  }

  private pageIndex() {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  /** Writes "n / N" at the foot of every page and returns the finished file. */
  async finish(): Promise<Buffer> {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Writing below the bottom margin would make pdfkit open a new page; lift it for the footer.
      const margin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.font(REGULAR).fontSize(8.5).fillColor('#555555').text(`${i + 1} / ${range.count}`, MARGIN.left, doc.page.height - 40, { width: this.contentWidth, align: 'center', lineBreak: false });
      doc.page.margins.bottom = margin;
    }
    doc.end();
    return this.done;
  }
}
