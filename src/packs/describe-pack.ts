import type { FieldSpec, PackManifest, SignerSpec } from './pack-format.js';

/** A field in words, for `templates show` and for a pack's documentation. */
export interface FieldDescription {
  key: string;
  type: string;
  label: string;
  required: string;
  defaultText: string | undefined;
  condition: string | undefined;
  constraints: string | undefined;
}

const typeNames: Record<FieldSpec['type'], string> = {
  text: 'text',
  longtext: 'long text',
  person: 'person',
  persons: 'list of persons',
  date: 'date',
  time: 'time',
  integer: 'integer',
  choice: 'choice',
  boolean: 'yes/no',
  textlist: 'list of text',
};

export function describeField(field: FieldSpec): FieldDescription {
  return {
    key: field.key,
    type: typeNames[field.type],
    label: field.label,
    required: field.required ? (field.when ? 'required when asked' : 'required') : 'optional',
    defaultText: describeDefault(field),
    condition: field.when ? `only when ${field.when} is yes` : undefined,
    constraints: describeConstraints(field),
  };
}

function describeDefault(field: FieldSpec): string | undefined {
  if (!('default' in field) || field.default === undefined) return undefined;
  if (field.type === 'date' && typeof field.default === 'object') {
    const months = typeof field.default.addMonths === 'number' ? `${field.default.addMonths} months` : field.default.addMonths;
    return `${field.default.from} + ${months}`;
  }
  if (Array.isArray(field.default)) return `${field.default.length} items`;
  if (typeof field.default === 'boolean') return field.default ? 'yes' : 'no';
  if (typeof field.default === 'number') return String(field.default);
  const text = String(field.default);
  return text.length > 40 ? `"${text.slice(0, 37)}..."` : `"${text}"`;
}

function describeConstraints(field: FieldSpec): string | undefined {
  switch (field.type) {
    case 'integer':
      if (field.min !== undefined && field.max !== undefined) return `${field.min}–${field.max}${field.unit ? ` ${field.unit}` : ''}`;
      return undefined;
    case 'choice':
      return `one of ${field.choices.map((choice) => choice.value).join(', ')}`;
    case 'persons':
      return `${field.min}–${field.max}${field.recommended ? `, ${field.recommended.min}–${field.recommended.max} recommended` : ''}`;
    case 'date':
      return field.after ? `after ${field.after}` : 'YYYY-MM-DD';
    case 'time':
      return 'HH:MM, 24-hour';
    case 'person':
      return 'name; role, email, registration optional';
    default:
      return undefined;
  }
}

export function describeSigner(manifest: PackManifest, signer: SignerSpec): string {
  const field = manifest.fields.find((candidate) => candidate.key === signer.field);
  const each = field?.type === 'persons' ? ' (each, numbered)' : '';
  return `${signer.title}${each}: from ${signer.field}; name, role and email (as given), signature, date`;
}
