export { AppError, errorCodes, isAppError, type ErrorCode, type FieldError } from './errors.ts';
