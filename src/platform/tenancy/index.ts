export { isValidMunicipalityCode, municipalityCheckDigit } from './municipality-code.ts';
export { findTenant, listTenants, resolveTenant, withTenant, type Tenant } from './tenant.ts';
export { InvalidMunicipalityCode, upsertTenant } from './create-tenant.ts';
