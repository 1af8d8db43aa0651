/**
 * The one input schema of an alert message, shared by the staff form and the JSON API, with the
 * field labels that name each field in error messages (Japanese and English).
 */
import { z } from 'zod';
import { optionalTextField, ruleMessage, textField, type Labels } from '../../platform/validation/index.ts';
import { alertStatuses, categories, certainties, hazards, responseTypes, severities, urgencies, type AlertContent } from './alert.ts';
import { alertText as m } from './alerts.messages.ts';

export const LIMITS = { event: 100, headline: 150, description: 1500, instruction: 2000, reason: 500, areas: 100, shelters: 50 } as const;

const optionalText = (max: number, multiline = false) => optionalTextField({ max, multiline });
const requiredText = (max: number, multiline = false) => textField({ max, multiline });

/** A date and time: "2026-07-01T18:00" is Japan time; a full ISO time with offset is taken as given. */
export function parseExpires(s: string): Date | null {
  const v = s.normalize('NFKC').trim();
  const local = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v);
  const d = local ? new Date(`${local[1]}-${local[2]}-${local[3]}T${local[4]}:${local[5]}:${local[6] ?? '00'}+09:00`) : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

/** The form value of a time: Japan time, minutes, as <input type="datetime-local"> wants it. */
export const toLocalInput = (d: Date) => new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 16);

const DAY = 24 * 3600_000;

export const alertInputSchema = z.object({
  status: z.enum(alertStatuses),
  template: z.string().max(20).default(''),
  hazard: z.union([z.literal(''), z.enum(hazards)]).default(''),
  level: z.union([z.literal('').transform(() => null), z.null(), z.coerce.number().int().min(1).max(5)]).default(null),
  category: z.enum(categories),
  responseType: z.enum(responseTypes),
  urgency: z.enum(urgencies),
  severity: z.enum(severities),
  certainty: z.enum(certainties),
  eventJa: requiredText(LIMITS.event),
  eventEn: optionalText(LIMITS.event),
  headlineJa: requiredText(LIMITS.headline),
  headlineEasy: optionalText(LIMITS.headline),
  headlineEn: optionalText(LIMITS.headline),
  descriptionJa: requiredText(LIMITS.description, true),
  descriptionEasy: optionalText(LIMITS.description, true),
  descriptionEn: optionalText(LIMITS.description, true),
  instructionJa: optionalText(LIMITS.instruction, true),
  instructionEasy: optionalText(LIMITS.instruction, true),
  instructionEn: optionalText(LIMITS.instruction, true),
  areas: z.array(z.string().regex(/^[a-z0-9-]{1,40}$/)).max(LIMITS.areas).default([]),
  shelters: z.array(z.string().uuid()).max(LIMITS.shelters).default([]),
  expires: z
    .string()
    .max(40)
    .refine((s) => parseExpires(s) !== null, ruleMessage(m.expiresFormat))
    .transform((s) => parseExpires(s)!)
    .refine((d) => d.getTime() > Date.now(), ruleMessage(m.expiresPast))
    .refine((d) => d.getTime() < Date.now() + 30 * DAY, ruleMessage(m.expiresTooFar)),
});
export type AlertInput = z.output<typeof alertInputSchema>;

export const alertLabels: Labels = {
  status: m.status,
  template: m.template,
  hazard: m.hazard,
  level: m.levelField,
  category: m.category,
  responseType: m.responseType,
  urgency: m.urgency,
  severity: m.severity,
  certainty: m.certainty,
  eventJa: m.eventJa,
  eventEn: m.eventEn,
  headlineJa: m.headlineJa,
  headlineEasy: m.headlineEasy,
  headlineEn: m.headlineEn,
  descriptionJa: m.descriptionJa,
  descriptionEasy: m.descriptionEasy,
  descriptionEn: m.descriptionEn,
  instructionJa: m.instructionJa,
  instructionEasy: m.instructionEasy,
  instructionEn: m.instructionEn,
  areas: m.areas,
  shelters: m.shelters,
  expires: m.expiresField,
  reason: m.overrideReason,
};

export const overrideReasonSchema = requiredText(LIMITS.reason, true);

/**
 * Saved content as the schema's input (the API's field names), so that a partial change can be laid
 * over it and the whole checked again (the API's follow-up with some fields given).
 */
export function inputOf(a: AlertContent): Record<string, unknown> {
  return {
    status: a.status, template: a.template, hazard: a.hazard, level: a.level,
    category: a.category, responseType: a.responseType, urgency: a.urgency, severity: a.severity, certainty: a.certainty,
    eventJa: a.event.ja, eventEn: a.event.en,
    headlineJa: a.headline.ja, headlineEasy: a.headline.easy, headlineEn: a.headline.en,
    descriptionJa: a.description.ja, descriptionEasy: a.description.easy, descriptionEn: a.description.en,
    instructionJa: a.instruction.ja, instructionEasy: a.instruction.easy, instructionEn: a.instruction.en,
    areas: a.areas.map((x) => x.code), shelters: a.shelters.map((x) => x.id), expires: a.expiresAt.toISOString(),
  };
}
