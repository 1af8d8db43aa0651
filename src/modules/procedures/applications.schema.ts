/** Row types of the application tables, and their encrypted column (so key rotation re-encrypts it). */
import { registerEncryptedColumns } from '../../platform/crypto/index.ts';

export const ANSWERS_FIELD = 'applications.answers';
registerEncryptedColumns({ table: 'applications', key: ['id'], column: 'answers_enc', field: ANSWERS_FIELD });

export type ApplicationStatus = 'draft' | 'submitted' | 'accepted' | 'rejected' | 'withdrawn';
/** Statuses in which an application is still being handled (a second one then is a duplicate). */
export const OPEN_STATUSES: ApplicationStatus[] = ['submitted'];

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
  created_at: Date | string;
  updated_at: Date | string;
}
