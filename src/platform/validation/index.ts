export { emailField, fieldErrors, fixMessage, normalizeDigits, parseInput, textField, type Labels } from './validation.ts';
