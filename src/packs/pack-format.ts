import { z } from 'zod';

/**
 * The format of a pack's `template.yaml`. This is the single source of truth
 * for a pack: the answers schema, the prompts, the JSON Schema and the
 * documentation are all derived from the `fields` declared here.
 */

const fieldKeySchema = z
  .string()
  .regex(
    /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/,
    'must be camelCase words joined by dots, e.g. schedule.time',
  );

const fieldBase = {
  key: fieldKeySchema,
  label: z.string().min(1),
  help: z.string().optional(),
  /** Fields are required unless they say otherwise or carry a default. */
  required: z.boolean().default(true),
  /** The key of a boolean field: this field is asked and printed only when that one is true. */
  when: fieldKeySchema.optional(),
};

const choiceOptionSchema = z.strictObject({
  value: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case words joined by hyphens'),
  label: z.string().min(1),
});

/** A date computed from other answers, e.g. a review date six months after the start. */
const computedDateSchema = z.strictObject({
  from: fieldKeySchema,
  addMonths: z.union([z.number().int(), fieldKeySchema]),
});

export const fieldSpecSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...fieldBase,
    type: z.literal('text'),
    maxLength: z.number().int().positive().default(200),
    default: z.string().optional(),
  }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('longtext'),
    maxLength: z.number().int().positive().default(4000),
    default: z.string().optional(),
  }),
  z.strictObject({ ...fieldBase, type: z.literal('person') }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('persons'),
    min: z.number().int().nonnegative().default(0),
    max: z.number().int().positive().default(100),
    /** Outside this range the answers are valid but a warning is shown. */
    recommended: z.strictObject({ min: z.number().int(), max: z.number().int() }).optional(),
    itemLabel: z.string().default('Person'),
  }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('date'),
    /** The key of another date this one must come after. */
    after: fieldKeySchema.optional(),
    default: z.union([z.iso.date(), computedDateSchema]).optional(),
  }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('time'),
    default: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time as HH:MM, e.g. 14:00').optional(),
  }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('integer'),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    default: z.number().int().optional(),
    /** Printed after the number, e.g. "minutes". */
    unit: z.string().optional(),
  }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('choice'),
    choices: z.array(choiceOptionSchema).min(1),
    default: z.string().optional(),
  }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('boolean'),
    default: z.boolean().optional(),
  }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('textlist'),
    maxItems: z.number().int().positive().default(50),
    maxLength: z.number().int().positive().default(500),
    default: z.array(z.string()).optional(),
  }),
]);

export const signerSpecSchema = z.strictObject({
  /** A `person` or `persons` field. */
  field: fieldKeySchema,
  /** Printed above the block, e.g. "Supervisor (facilitator)"; list members get a number after it. */
  title: z.string().min(1),
  /** Form-field id; list members get `-1`, `-2`… appended. Defaults to the field key. */
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens, starting with a letter')
    .optional(),
});

export const packNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case words joined by hyphens');

export const packManifestSchema = z.strictObject({
  name: packNameSchema,
  title: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version such as 1.0.0'),
  description: z.string().min(1),
  /** The Handlebars file that produces the agreement, relative to the pack folder. */
  entry: z.string().default('agreement.md.hbs'),
  /** Answers, first non-empty wins, that name the output file after the template name. */
  fileNameFrom: z.array(fieldKeySchema).min(1),
  /** A sentence naming the parties, used as the PDF subject; Handlebars over the answers. */
  subject: z.string().min(1),
  fields: z.array(fieldSpecSchema).min(1),
  signers: z.array(signerSpecSchema).min(1),
});

export type FieldSpec = z.infer<typeof fieldSpecSchema>;
export type FieldType = FieldSpec['type'];
export type SignerSpec = z.infer<typeof signerSpecSchema>;
export type PackManifest = z.infer<typeof packManifestSchema>;
export type ComputedDate = z.infer<typeof computedDateSchema>;
export type FieldOfType<T extends FieldType> = Extract<FieldSpec, { type: T }>;

/** A loaded pack: its manifest plus the template sources it needs to render. */
export interface Pack {
  manifest: PackManifest;
  /** Absolute folder of the pack. */
  dir: string;
  /**
   * template.yaml as it was read: what batch's manifest hashes and where check
   * finds a problem's line. Never read a second time, so both describe the pack
   * that was loaded, even if the file changes or goes while the command runs.
   */
  manifestText: string;
  /** The entry template's source and path. */
  entry: { path: string; source: string };
  /** Partials by name (file name without `.md.hbs`), pack-local ones over shared ones. */
  partials: ReadonlyMap<string, { path: string; source: string }>;
}
