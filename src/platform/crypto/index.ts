export { CryptoError, Keyring, TenantCipher, type MasterKey } from './keyring.ts';
export { encryptedColumns, registerEncryptedColumns, type EncryptedColumn } from './encrypted-columns.ts';
export { rotateTenantDataKey } from './rotate.ts';
export { hashToken, randomToken, safeEqual } from './tokens.ts';
export { developmentMasterKey } from './dev-master-key.ts';
