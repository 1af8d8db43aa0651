/** Who may do what with emergency alerts on the staff side. One line per rule (ADR 0045). */
import type { StaffPrincipal } from '../../platform/auth/index.ts';
import type { Alert } from './alert.ts';

/** Drafting (and asking for approval): any clerk, manager or administrator, of any department. */
export const canDraftAlert = (s: StaffPrincipal) => s.roles.some((r) => r.role === 'clerk' || r.role === 'manager' || r.role === 'admin');

/** Approving someone else's actual alert, and the emergency override: a manager (of any department) or an administrator. */
export const canApproveAlert = (s: StaffPrincipal) => s.roles.some((r) => r.role === 'manager' || r.role === 'admin');

/**
 * One person may send alone: exercise and test messages, and cancellations (stopping a wrong or
 * finished alert must never wait for a second person). An actual alert or update needs approval
 * or the override.
 */
export const mayBeSentAlone = (a: Pick<Alert, 'status' | 'msgType'>) => a.status !== 'actual' || a.msgType === 'cancel';
