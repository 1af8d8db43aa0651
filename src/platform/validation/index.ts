export { emailField, fieldErrors, ruleMessage, normalizeDigits, optionalTextField, parseInput, textField, type Labels } from './validation.ts';
