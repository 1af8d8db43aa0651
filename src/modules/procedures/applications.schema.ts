/** Row types of the application tables, and their encrypted column (so key rotation re-encrypts it). */
import { registerEncryptedColumns } from '../../platform/crypto/index.ts';

export const ANSWERS_FIELD = 'applications.answers';
registerEncryptedColumns({ table: 'applications', key: ['id'], column: 'answers_enc', field: ANSWERS_FIELD });

export type ApplicationStatus = 'draft' | 'submitted' | 'correction_requested' | 'accepted' | 'rejected' | 'withdrawn';
/** Every status after submission, in the order a case moves through them (filters, badges). */
export const CASE_STATUSES = ['submitted', 'correction_requested', 'accepted', 'rejected', 'withdrawn'] as const satisfies readonly ApplicationStatus[];
/** Statuses in which an application is still being handled (a second one then is a duplicate; it may be withdrawn). */
export const OPEN_STATUSES: ApplicationStatus[] = ['submitted', 'correction_requested'];

export interface ApplicationRow {
  id: string;
  procedure_id: string;
  form_version: number;
  resident_id: string;
  status: ApplicationStatus;
  answers_enc: string;
  receipt_number: string | null;
  duplicate_of: string | null;
  submitted_at: Date | string | null;
  decided_at: Date | string | null;
  /** The approval route the case follows (copied from the procedure at its first step), null before. */
  approval_route: unknown;
  current_step: number;
  assignee_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}
