/**
 * Every encrypted column in the schema, so data-key rotation re-encrypts all of them.
 * A module that adds an encrypted column registers it here (via the platform index).
 */
export interface EncryptedColumn {
  table: string;
  /** Primary-key columns besides tenant_id. */
  key: string[];
  column: string;
  /** The field name bound into the ciphertext (AAD). */
  field: string;
  /** A bytea column written with encryptBytes (files) rather than a text column. */
  binary?: boolean;
}

const columns: EncryptedColumn[] = [];

export function registerEncryptedColumns(...cols: EncryptedColumn[]): void {
  for (const c of cols) if (!columns.some((x) => x.table === c.table && x.column === c.column)) columns.push(c);
}

export function encryptedColumns(): readonly EncryptedColumn[] {
  return columns;
}
