export { appendAuditBatch, entryHash, GENESIS, listAudit, recordAudit, recordAuditBatch, verifyChain, type ActorKind, type AuditEntry, type AuditRow, type ChainReport } from './audit.ts';
