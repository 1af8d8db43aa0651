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
  | 'group'; // repeating group: each item has `fields`

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

/** A stored answer: a string for a plain field, a list of items for a group. */
export type AnswerValue = string | Record<string, string>[];
export type Answers = Record<string, AnswerValue>;
