/**
 * Forms are data. A definition lists sections of fields; each field has a type the engine knows how
 * to render and check, and optional rules: shown only when another answer has a value (showIf), or
 * required only then (requiredIf). A published version is never changed (the database refuses it);
 * an application records the version it was filled in.
 */
import type { Text } from '../../../platform/i18n/index.ts';

export type FieldType =
  | 'text' // one line
  | 'textarea'
  | 'name' // 氏名
  | 'kana' // フリガナ: katakana (hiragana and half-width kana are converted)
  | 'postalCode'
  | 'address'
  | 'phone'
  | 'email'
  | 'date' // Gregorian or 和暦 input, stored as YYYY-MM-DD
  | 'choice' // radio buttons
  | 'number'
  | 'yesno'
  | 'consent' // a box that must be ticked
  | 'group' // repeating group: each item has `fields`
  | 'bankAccount' // 振込先口座: one composite answer (BankAccountAnswer), checked against zengin-code; top level only
  | 'file'; // 添付書類: uploaded files, type detected from content (AttachmentRef list); top level only

/** What a file field accepts: PDF documents and/or images (JPEG, PNG, WebP). */
export type FileKind = 'pdf' | 'image';

/** Holds when the answer `field` (a sibling in the same group item, else a top-level answer) is one of `in`. */
export interface Condition {
  field: string;
  in: string[];
}

/** Where a value may come from before the resident types anything (基本4情報 and the profile). */
export type Prefill = 'name' | 'address' | 'birthdate' | 'email';

export interface FieldDef {
  name: string;
  type: FieldType;
  label: Text;
  hint?: Text;
  required?: boolean;
  requiredIf?: Condition;
  showIf?: Condition;
  options?: { value: string; label: Text }[];
  min?: number;
  max?: number;
  /** For text types: the maximum length in characters. */
  maxLength?: number;
  prefill?: Prefill;
  /** For a group: the fields of one item, and how many items are allowed. */
  fields?: FieldDef[];
  minItems?: number;
  maxItems?: number;
  /** For a group: what one item is called ("子ども"), used in headings and buttons. */
  itemLabel?: Text;
  /** For a file field: accepted kinds (default both), size limit per file (default 5 MB, at most 10 MB), files allowed (default 1). */
  accept?: FileKind[];
  maxBytes?: number;
  maxFiles?: number;
}

export interface SectionDef {
  id: string;
  title: Text;
  intro?: Text;
  fields: FieldDef[];
}

export interface FormDefinition {
  sections: SectionDef[];
}

/**
 * A bank account answer. Codes are digits as 全銀 uses them; the account number is zero-padded to
 * 7 digits; the holder name is in the 全銀 character set (full-width converted to half-width kana).
 */
export type BankAccountAnswer = {
  bankCode: string; // 金融機関コード, 4 digits
  branchCode: string; // 支店コード, 3 digits
  accountType: 'ordinary' | 'current' | 'savings'; // 普通 / 当座 / 貯蓄
  accountNumber: string; // 7 digits
  accountHolder: string; // 口座名義 (カナ)
};

/** One attached file as the answer of a file field records it; the bytes live in application_attachments. */
export type AttachmentRef = { id: string; fileName: string; contentType: string; size: string };

/**
 * A stored answer: a string for a plain field, a record for a composite (bank account), a list of
 * records for a group (items) or a file field (AttachmentRef). Answers stored before composites
 * existed are strings and lists, which this union still describes.
 */
export type AnswerValue = string | Record<string, string> | Record<string, string>[];
export type Answers = Record<string, AnswerValue>;
