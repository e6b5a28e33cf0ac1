import type { Problem } from '../errors.js';
import { isPlainObject } from './object-paths.js';

/**
 * Agreements are about the working relationship, not about cases. Values
 * that look like a service user's details are worth a warning: an NHS number
 * (recognised by its check digit, so phone numbers rarely trigger it) or a
 * UK postcode where a person's name belongs.
 */

const nhsNumberPattern = /(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)/g;
const postcodePattern = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/i;

function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = [...digits.slice(0, 9)].reduce((total, digit, index) => total + Number(digit) * (10 - index), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

export function findServiceUserData(answers: unknown): Problem[] {
  const warnings: Problem[] = [];
  const visit = (value: unknown, path: string, key: string): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(nhsNumberPattern)) {
        if (isValidNhsNumber(`${match[1]}${match[2]}${match[3]}`)) {
          warnings.push({
            path,
            severity: 'warning',
            message: `looks like an NHS number (${match[0]}); an agreement must not carry a service user's details`,
          });
          break;
        }
      }
      if ((key === 'name' || key.endsWith('Name')) && postcodePattern.test(value)) {
        warnings.push({
          path,
          severity: 'warning',
          message: 'contains what looks like a UK postcode; a name field should hold only a name',
        });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}.${index}`, key));
    } else if (isPlainObject(value)) {
      for (const [childKey, item] of Object.entries(value)) visit(item, path ? `${path}.${childKey}` : childKey, childKey);
    }
  };
  visit(answers, '', '');
  return warnings;
}
