export { consumeFlow, countFailedAttempt, createFlow, purgeFlows, readFlow, type Flow } from './flows.ts';
export { countSessions, createSession, endAllSessions, endSession, loadSession, markMfaPassed, type Assurance, type SessionKind, type SessionRecord } from './sessions.ts';
export { hasRole, loadStaffPrincipal, type StaffPrincipal, type StaffRole } from './staff-principal.ts';
