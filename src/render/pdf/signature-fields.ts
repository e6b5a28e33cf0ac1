/**
 * Unsigned signature fields and fillable date fields, built on pdfkit's
 * low-level objects because pdfkit has no API for `/FT /Sig`.
 *
 * PDF/A-2 forbids `NeedAppearances true` and requires every widget to carry
 * a normal appearance stream, while pdfkit's own form fields rely on
 * `NeedAppearances`. So every widget here gets an explicit, empty appearance
 * stream (the visible line and label are page content drawn beside it), and
 * `NeedAppearances` is removed from the AcroForm. A reader regenerates the
 * date field's appearance when it is filled in and the signature field's
 * when it is signed.
 */
import type { PdfDocumentInternals, PdfRef, PdfStructElement } from './pdfkit-internals.js';

/** A rectangle in pdfkit's page coordinates (origin top left, y downwards). */
export interface FieldRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FieldOptions {
  /** Fully qualified field name, e.g. `signature.supervisor`. */
  name: string;
  /** Tooltip and accessible name of the field. */
  description: string;
  rect: FieldRect;
  /** Structure element (type Form) the widget is attached to in a tagged PDF. */
  structParent?: PdfStructElement | undefined;
}

/** Annotation flag Print: PDF/A requires it on every widget. */
const ANNOTATION_PRINT = 4;
/** Text field flag DoNotSpellCheck, and DoNotScroll so the date stays on its line. */
const TEXT_FIELD_FLAGS = (1 << 22) | (1 << 23);
const DATE_FONT_SIZE = 11;
/**
 * The characters a filled-in date needs, kept in the embedded subset (see
 * `prepareForm`): digits and separators (1/2/2027), and the letters of the
 * months' names, so that "1 February 2027" or "1 Feb 2027" shows too.
 */
const DATE_CHARACTERS = '0123456789/-., ADFJMNOSabceghilmnoprstuvy';
/** Longest date the field takes: "30 September 2027" fits, with room to spare. */
const DATE_MAX_LENGTH = 20;
/**
 * The form a date is best typed in, given in the date field's tooltip: the
 * field takes any text, but one longer than DATE_MAX_LENGTH ("Wednesday 30
 * September 2027") is cut short, and a weekday's letters are not all in the
 * embedded subset. This example is written with DATE_CHARACTERS only.
 */
export const DATE_EXAMPLE = '1 February 2027';

/**
 * Creates the AcroForm with the document's current font as the default
 * appearance font. The font is embedded as a subset, so the glyphs a typed
 * date needs are added to that subset now, for readers that draw the
 * filled-in value with the embedded font.
 */
export function prepareForm(doc: PdfDocumentInternals): void {
  doc.initForm();
  const acroForm = doc._root.data.AcroForm as PdfRef;
  delete acroForm.data.NeedAppearances;
  doc._font.encode(DATE_CHARACTERS);
}

export interface SignatureFieldOptions extends FieldOptions {
  /** Fully qualified names of the fields a reader makes read-only once this one is signed: its signer's date. */
  locks: readonly string[];
}

/**
 * An unsigned digital-signature field: the reader offers "sign here" on it.
 * Signing it locks the fields in `locks` (a signature field lock
 * dictionary, ISO 32000-1, 12.7.4.5), so a date cannot be changed once the
 * agreement is signed under it; without the lock a reader lets anyone edit
 * it afterwards and merely notes the change against the signature.
 */
export function addSignatureField(doc: PdfDocumentInternals, options: SignatureFieldOptions): void {
  const entries: Record<string, unknown> = { FT: 'Sig' };
  if (options.locks.length > 0) {
    // The standard requires the lock dictionary to be an indirect object.
    const lock = doc.ref({ Type: 'SigFieldLock', Action: 'Include', Fields: options.locks.map((name) => new String(name)) });
    lock.end();
    entries.Lock = lock;
  }
  addWidgetField(doc, options, entries, '');
}

/** A single-line text field for the date of signing. */
export function addDateField(doc: PdfDocumentInternals, options: FieldOptions): void {
  const fontId = doc._font.id;
  addWidgetField(
    doc,
    options,
    {
      FT: 'Tx',
      Ff: TEXT_FIELD_FLAGS,
      MaxLen: DATE_MAX_LENGTH,
      DA: new String(`/${fontId} ${DATE_FONT_SIZE} Tf 0 g`),
    },
    // An empty text field's appearance is an empty marked-content sequence
    // tagged Tx, which readers replace with the typed value.
    '/Tx BMC\nEMC',
  );
}

function addWidgetField(
  doc: PdfDocumentInternals,
  options: FieldOptions,
  fieldEntries: Record<string, unknown>,
  appearance: string,
): void {
  const { rect } = options;
  const names = options.name.split('.');
  const partialName = names.pop() ?? '';
  const { parent, siblings } = parentField(doc, names);
  const normalAppearance = doc.ref({
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, rect.width, rect.height],
    Resources: {},
  });
  // A few bytes at most (empty, or an empty Tx sequence): deflating them
  // would only make them longer, and cost a zlib stream per field.
  normalAppearance.compress = false;
  // Written even when empty: without a stream the XObject would be invalid.
  normalAppearance.write(appearance);
  normalAppearance.end();
  doc.annotate(rect.x, rect.y, rect.width, rect.height, {
    Subtype: 'Widget',
    ...fieldEntries,
    T: new String(partialName),
    // Set here, not after: annotate writes the widget at once.
    ...(parent ? { Parent: parent } : {}),
    TU: new String(options.description),
    F: ANNOTATION_PRINT,
    P: doc.page.dictionary,
    AP: { N: normalAppearance },
    // No border or background of the widget's own: the page draws the line.
    MK: {},
    structParent: options.structParent,
  });
  siblings.push(doc.page.annotations[doc.page.annotations.length - 1] as PdfRef);
}

/**
 * The field that holds the fields named `names` (the levels of a fully
 * qualified name before the last), created on first use. A partial name may
 * not contain a period (ISO 32000-1, 12.7.3.2): readers split the fully
 * qualified name on it, so `signature.supervisor` is the kid `supervisor` of
 * a field `signature` that has no widget, not one field with a period in its
 * name. The parent is written by pdfkit's endAcroForm, which ends every
 * field with kids.
 */
function parentField(doc: PdfDocumentInternals, names: readonly string[]): { parent: PdfRef | undefined; siblings: PdfRef[] } {
  const acroForm = doc._root.data.AcroForm as PdfRef;
  let parent: PdfRef | undefined;
  let siblings = acroForm.data.Fields as PdfRef[];
  for (const name of names) {
    let field = siblings.find((sibling) => String(sibling.data.T) === name);
    if (!field) {
      field = doc.ref({ T: new String(name), Kids: [], ...(parent ? { Parent: parent } : {}) });
      siblings.push(field);
    }
    parent = field;
    siblings = field.data.Kids as PdfRef[];
  }
  return { parent, siblings };
}
