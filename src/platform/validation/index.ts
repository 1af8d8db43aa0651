export { emailField, fieldErrors, ruleMessage, normalizeDigits, parseInput, textField, type Labels } from './validation.ts';
