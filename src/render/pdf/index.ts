/**
 * Markdown → signature-ready PDF: tagged, PDF/A-2a, with an embedded
 * Unicode font, a signature field and a date field per signer, and
 * byte-for-byte reproducible for the same input and creation date.
 * docs/PDF.md explains the choices.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { messageOf, SuperviseError } from '../../errors.js';
import { readVersion } from '../../version.js';
import { collectPageContent, encodeStringsNatively } from './output.js';
import { writeObjectsDirectly } from './pdf-objects.js';
import { describeCharacter, encodeWithoutCopies, findUndrawableCharacters, getSharedLayoutCache, loadFontFaces, shareSubsetEncoding, type FaceName, type FontFaces } from './fonts.js';
import { layOutDocument, PAGE_MARGINS } from './layout.js';
import { joinRuns, parseAgreementMarkdown, type Block, type TextRun } from './markdown-blocks.js';
import { buildInfoDictionary, buildXmpDescriptions, type DocumentMetadata } from './metadata.js';
import { withOutlineOnDemand, writeOutline } from './outline.js';
import type { PdfDocumentConstructor, PdfDocumentInternals } from './pdfkit-internals.js';
import { prepareForm } from './signature-fields.js';

export { findUndrawableCharacters, loadFontFaces } from './fonts.js';

export interface PdfSigner {
  /** Predictable form-field suffix: "supervisor", "supervisee", "member-1", ... */
  id: string;
  /** Printed heading of the block, e.g. "Supervisor (facilitator)", "Member 3". */
  title: string;
  /** Raw text (not Markdown-escaped), e.g. "Siân Ŵyn". */
  name: string;
  role?: string | undefined;
  email?: string | undefined;
}

export interface PdfOptions {
  /** Title in the running header, e.g. "Agreement for 1:1 Safeguarding Supervision". */
  title: string;
  /** Title in the metadata, which viewers show for the file: the title and whom this agreement is for, e.g. "…: Tom Evans, from 1 December 2026". */
  documentTitle: string;
  /** Author; also printed in the running header. */
  agency: string;
  subject: string;
  keywords: string[];
  signers: PdfSigner[];
  paper: 'a4' | 'letter';
  /** false gives plain signature and date lines only (`--no-form-fields`). */
  formFields: boolean;
  /** Derived by the caller from SOURCE_DATE_EPOCH or the current time. */
  creationDate: Date;
}

const LANGUAGE = 'en-GB';
const PAPER_SIZES = { a4: 'A4', letter: 'LETTER' } as const;
const FACE_NAMES: readonly FaceName[] = ['regular', 'bold', 'italic', 'boldItalic'];
const FIELD_ID = /^[A-Za-z0-9_-]+$/;

const require = createRequire(import.meta.url);
let pdfkitLoading: Promise<PdfDocumentConstructor> | undefined;

/**
 * pdfkit is loaded on first render only, so commands that never render start
 * fast. It is required as CommonJS: Node 20 loads its CommonJS build ~30 ms
 * sooner than its ES module (one file each, but the ES module loader links
 * fontkit's graph asynchronously), and fonts.ts requires the same fontkit.
 * Its class is extended to make a document outline only when there are
 * headings to put in it (see outline.ts).
 */
function loadPdfkit(): Promise<PdfDocumentConstructor> {
  pdfkitLoading ??= Promise.resolve().then(() => withOutlineOnDemand(require('pdfkit') as PdfDocumentConstructor));
  return pdfkitLoading;
}

interface ProducerNames {
  creator: string;
  producer: string;
}

let producerNames: ProducerNames | undefined;

/**
 * The Info dictionary's Creator and Producer (and the XMP's CreatorTool and
 * pdf:Producer): supervise's version, and pdfkit's as well where the file
 * was written, so that whoever audits a file can tell what made it:
 * "supervise 0.1.0" and "supervise 0.1.0 (PDFKit 0.20.2)". Read once per
 * process or thread, on its first document.
 */
function readProducerNames(): ProducerNames {
  if (!producerNames) {
    const creator = `supervise ${readVersion()}`;
    producerNames = { creator, producer: `${creator} (PDFKit ${readPdfkitVersion()})` };
  }
  return producerNames;
}

/** pdfkit's package.json is not among its exports; it is a folder above the CommonJS build that `require` resolves to. */
function readPdfkitVersion(): string {
  const manifest = JSON.parse(readFileSync(join(dirname(require.resolve('pdfkit')), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** Renders agreement Markdown as a PDF ready to be signed. */
export async function renderPdf(markdown: string, options: PdfOptions): Promise<Uint8Array> {
  validateOptions(options);
  const { blocks, hasSignatureMarker } = parseAgreementMarkdown(markdown);
  assertDrawable(blocks, options);
  const PDFDocument = await loadPdfkit();
  const faces = loadFontFaces();
  const { creator, producer } = readProducerNames();
  const metadata: DocumentMetadata = {
    title: options.documentTitle,
    author: options.agency,
    subject: options.subject,
    keywords: options.keywords,
    creator,
    producer,
    language: LANGUAGE,
    date: options.creationDate,
  };

  try {
    const { doc, internals } = openDocument(PDFDocument, faces, markdown, options, metadata);
    const bytes = collectOutput(doc);
    doc.addPage();
    doc.font('regular');
    if (options.formFields && options.signers.length > 0) prepareForm(internals);
    const headings = layOutDocument(doc, internals, blocks, {
      title: options.title,
      agency: options.agency,
      signers: options.signers,
      formFields: options.formFields,
      hasSignatureHeading: hasSignatureMarker && endsWithSignatureHeading(blocks),
    });
    writeOutline(internals, headings);
    doc.end();
    return await bytes;
  } catch (cause) {
    if (cause instanceof SuperviseError) throw cause;
    throw new SuperviseError(`Could not render the PDF "${options.title}": ${messageOf(cause)}`, { cause });
  }
}

/**
 * A pdfkit document for PDF/A-2a, with the four faces registered, and made reproducible and lean: its identifier
 * from its contents, its XMP escaped, its streams and strings written without pdfkit's extra copies.
 */
function openDocument(PDFDocument: PdfDocumentConstructor, faces: FontFaces, markdown: string, options: PdfOptions, metadata: DocumentMetadata): { doc: PDFKit.PDFDocument; internals: PdfDocumentInternals } {
  const doc = new PDFDocument({
    size: PAPER_SIZES[options.paper],
    margins: PAGE_MARGINS,
    bufferPages: true,
    pdfVersion: '1.7',
    subset: 'PDF/A-2a',
    tagged: true,
    lang: LANGUAGE,
    displayTitle: true,
    autoFirstPage: false,
    // No default font: pdfkit's is Helvetica, a standard font that is not
    // embedded and so not allowed in PDF/A. The faces are registered below.
    font: null as never,
    info: buildInfoDictionary(metadata) as PDFKit.DocumentInfo,
  });
  const internals = doc as unknown as PdfDocumentInternals;
  internals._id = fileIdentifier(markdown, options, metadata.producer);
  // pdfkit's own XMP writer does not escape values; see metadata.ts.
  internals._addInfo = () => internals.appendXML(buildXmpDescriptions(metadata));
  writeObjectsDirectly(internals);
  doc.on('pageAdded', () => collectPageContent(internals.page.content));
  encodeStringsNatively(internals);
  for (const face of FACE_NAMES) {
    internals.registerFont(face, faces[face]);
    doc.font(face);
    internals._font.layoutCache = getSharedLayoutCache(face);
    shareSubsetEncoding(face, internals._font.subset);
    encodeWithoutCopies(internals._font);
  }
  return { doc, internals };
}

/**
 * The file identifier (the trailer's /ID), which ISO 32000-1 (14.4) has be
 * based on the file's contents. pdfkit derives it from the Info dictionary
 * alone, so every agreement between the same two people (or of one group's
 * facilitator) made with the same creation date, as every one of a batch is, had
 * the same identifier, whatever its dates and arrangements said. It is now
 * derived from everything that decides the bytes (the versions that made
 * them among it), so it stays reproducible.
 */
function fileIdentifier(markdown: string, options: PdfOptions, producer: string): Uint8Array {
  return createHash('md5')
    .update(JSON.stringify({ markdown, ...options, creationDate: options.creationDate.getTime(), producer }))
    .digest();
}

/**
 * Loads pdfkit, parses the fonts and fills the shared layout caches with the
 * words shaped at build time (shaped-words.ts) now, for a thread that has
 * time before its first document (check's PDF thread, while the main thread
 * checks the templates). Laying out a throwaway document as well was measured too: it
 * helped only while the main thread was slower to send the first real one.
 */
export async function preparePdfRenderer(): Promise<void> {
  await loadPdfkit();
  readProducerNames();
  loadFontFaces();
  for (const face of FACE_NAMES) getSharedLayoutCache(face);
}

function collectOutput(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/**
 * The template's own signatures section: a heading followed by nothing but
 * introductory paragraphs ("By signing, each of us agrees…") before the
 * marker. Then no second heading is drawn.
 */
function endsWithSignatureHeading(blocks: readonly Block[]): boolean {
  for (let index = blocks.length - 1; index >= 0; index -= 1) {
    const block = blocks[index]!;
    if (block.kind === 'heading') return true;
    if (block.kind !== 'paragraph') return false;
  }
  return false;
}

function validateOptions(options: PdfOptions): void {
  if (Number.isNaN(options.creationDate.getTime())) {
    throw new SuperviseError('The PDF creation date is not a valid date.', {
      hint: 'Set SOURCE_DATE_EPOCH to a whole number of seconds, or unset it.',
    });
  }
  const seen = new Set<string>();
  for (const signer of options.signers) {
    if (!FIELD_ID.test(signer.id) || seen.has(signer.id)) {
      throw new SuperviseError(`Signer id "${signer.id}" is not a unique form-field name.`, {
        hint: 'Use letters, digits, "-" and "_" only, different for every signer.',
      });
    }
    seen.add(signer.id);
  }
}

/**
 * Refuses text the font cannot draw: a missing glyph would print as an empty
 * box on a document people sign, which is worse than no document.
 */
function assertDrawable(blocks: readonly Block[], options: PdfOptions): void {
  const sources: { where: string; text: string }[] = [
    { where: 'the document title', text: options.title },
    { where: 'the agency', text: options.agency },
    { where: 'the agreement text', text: collectBlockText(blocks) },
  ];
  for (const signer of options.signers) {
    sources.push({ where: `the signature block "${signer.title}"`, text: `${signer.title} ${signer.name} ${signer.role ?? ''} ${signer.email ?? ''}` });
  }
  for (const { where, text } of sources) {
    const undrawable = findUndrawableCharacters(text);
    if (undrawable.length > 0) {
      const names = undrawable.map(describeCharacter).join(', ');
      throw new SuperviseError(`The PDF font cannot draw ${names} in ${where}.`, {
        hint: 'Replace or remove that character, or write Markdown instead (--format md).',
      });
    }
  }
}

function collectBlockText(blocks: readonly Block[]): string {
  const parts: string[] = [];
  const addRuns = (runs: readonly TextRun[]): void => {
    parts.push(joinRuns(runs));
  };
  const addList = (list: Extract<Block, { kind: 'list' }>): void => {
    for (const item of list.items) {
      addRuns(item.runs);
      item.children.forEach(addList);
    }
  };
  for (const block of blocks) {
    if (block.kind === 'heading' || block.kind === 'paragraph') addRuns(block.runs);
    else if (block.kind === 'list') addList(block);
    else if (block.kind === 'table') {
      block.header.forEach(addRuns);
      block.rows.forEach((row) => row.forEach(addRuns));
    }
  }
  return parts.join('\n');
}
