/**
 * 全国地方公共団体コード: five digits (two for the prefecture, three for the municipality) and a
 * check digit. The check digit is the last digit of 11 − (Σ digit × weight mod 11), weights 6,5,4,3,2.
 */
const WEIGHTS = [6, 5, 4, 3, 2] as const;

export function municipalityCheckDigit(fiveDigits: string): number {
  if (!/^\d{5}$/.test(fiveDigits)) throw new RangeError('municipality code body must be 5 digits');
  const sum = [...fiveDigits].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i]!, 0);
  return (11 - (sum % 11)) % 10;
}

/** True when code is six ASCII digits whose last digit is the correct check digit. */
export function isValidMunicipalityCode(code: string): boolean {
  return /^\d{6}$/.test(code) && municipalityCheckDigit(code.slice(0, 5)) === Number(code[5]);
}
