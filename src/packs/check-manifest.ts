import type { Problem } from '../errors.js';
import { fieldSpecSchema, packManifestSchema, signerSpecSchema, type FieldSpec, type PackManifest } from './pack-format.js';
import { suggest } from './validate-answers.js';

/**
 * Validates a parsed `template.yaml`: its shape (zod), then the references
 * between fields that a shape alone cannot express. Pure: the caller adds
 * file positions.
 */
export function checkManifest(raw: unknown): { manifest?: PackManifest; problems: Problem[] } {
  const parsed = packManifestSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.flatMap((issue) => {
        const path = issue.path.map(String).join('.');
        if (issue.code !== 'unrecognized_keys') return [{ path, message: issue.message }];
        // One problem per key, at the key itself, so its line is the one shown.
        return issue.keys.map((key) => {
          const suggestion = suggest(key, knownKeysAt(issue.path));
          return { path: path ? `${path}.${key}` : key, message: `is not a known key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}` };
        });
      }),
    };
  }
  const manifest = parsed.data;
  const problems = checkFieldReferences(manifest);
  return problems.length > 0 ? { problems } : { manifest, problems };
}

/** The keys template.yaml allows where an unknown one was found, for "did you mean". */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(packManifestSchema.shape);
  if (path[0] === 'signers') return Object.keys(signerSpecSchema.shape);
  if (path[0] === 'fields' && path.length === 2) return [...new Set(fieldSpecSchema.options.flatMap((option) => Object.keys(option.shape)))];
  return [];
}

function checkFieldReferences(manifest: PackManifest): Problem[] {
  const problems: Problem[] = [];
  const byKey = new Map<string, FieldSpec>();
  const keys = manifest.fields.map((field) => field.key);

  const reference = (path: string, key: string, types: readonly FieldSpec['type'][], what: string): void => {
    const target = byKey.get(key) ?? manifest.fields.find((field) => field.key === key);
    if (!target) {
      const suggestion = suggest(key, keys);
      problems.push({ path, message: `names "${key}", which is not a field${suggestion ? ` (did you mean "${suggestion}"?)` : ''}` });
    } else if (!types.includes(target.type)) {
      problems.push({ path, message: `names "${key}", a ${target.type} field; ${what}` });
    }
  };

  manifest.fields.forEach((field, index) => {
    const path = `fields.${index}`;
    if (byKey.has(field.key)) problems.push({ path: `${path}.key`, message: `"${field.key}" is declared twice` });
    const clash = keys.find((other) => other.startsWith(`${field.key}.`));
    if (clash) problems.push({ path: `${path}.key`, message: `"${field.key}" is both a field and the group of "${clash}"` });
    byKey.set(field.key, field);
  });

  manifest.fields.forEach((field, index) => {
    const path = `fields.${index}`;
    if (field.when !== undefined) reference(`${path}.when`, field.when, ['boolean'], 'a condition must be a boolean field');
    if (field.type === 'date') {
      if (field.after !== undefined) reference(`${path}.after`, field.after, ['date'], '"after" must name a date field');
      if (typeof field.default === 'object') {
        reference(`${path}.default.from`, field.default.from, ['date'], 'a computed date starts from a date field');
        if (typeof field.default.addMonths === 'string') {
          reference(`${path}.default.addMonths`, field.default.addMonths, ['integer'], 'months must come from an integer field');
        }
      }
    }
    if (field.type === 'choice' && field.default !== undefined && !field.choices.some((choice) => choice.value === field.default)) {
      problems.push({ path: `${path}.default`, message: `"${field.default}" is not one of the choices` });
    }
    if (field.type === 'persons' && field.min > field.max) {
      problems.push({ path: `${path}.min`, message: `is more than max (${field.max})` });
    }
    if (field.type === 'integer' && field.min !== undefined && field.max !== undefined && field.min > field.max) {
      problems.push({ path: `${path}.min`, message: `is more than max (${field.max})` });
    }
  });

  manifest.signers.forEach((signer, index) => {
    reference(`signers.${index}.field`, signer.field, ['person', 'persons'], 'a signer must be a person or a list of persons');
  });
  manifest.fileNameFrom.forEach((key, index) => {
    const field = byKey.get(key.replace(/\.name$/, '')) ?? byKey.get(key);
    if (!field) problems.push({ path: `fileNameFrom.${index}`, message: `names "${key}", which is not a field` });
  });
  return problems;
}
