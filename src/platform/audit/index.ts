export { entryHash, GENESIS, listAudit, recordAudit, verifyChain, type ActorKind, type AuditEntry, type AuditRow, type ChainReport } from './audit.ts';
