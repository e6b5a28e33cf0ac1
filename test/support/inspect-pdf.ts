/** Reads a produced PDF back with pdf.js, the way a reader would see it. */
import { inflateSync } from 'node:zlib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PageContent {
  /** Text of the page with line ends as spaces, as a reader's "copy text" gives it. */
  text: string;
  width: number;
  height: number;
  annotations: { fieldType?: string; fieldName?: string; subtype?: string; rect: number[] }[];
  /** Structure roles in reading order, depth first. */
  roles: string[];
}

export interface InspectedPdf {
  pages: PageContent[];
  info: Record<string, unknown>;
  xmp: { get(name: string): unknown } | null;
  fieldNames: string[];
  /** The raw file as latin1 text, for looking at object dictionaries (they are not compressed). */
  raw: string;
}

interface StructNode {
  role?: string;
  children?: StructNode[];
}

function collectRoles(node: StructNode | null | undefined, into: string[]): void {
  if (!node) return;
  if (node.role && node.role !== 'Root') into.push(node.role);
  for (const child of node.children ?? []) collectRoles(child, into);
}

export async function inspectPdf(bytes: Uint8Array): Promise<InspectedPdf> {
  const raw = Buffer.from(bytes).toString('latin1');
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true }).promise;
  try {
    const pages: PageContent[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += ' ';
      }
      const annotations = (await page.getAnnotations()) as PageContent['annotations'];
      const roles: string[] = [];
      collectRoles((await page.getStructTree()) as StructNode | null, roles);
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
      pages.push({ text: text.replace(/\s+/g, ' '), width: x1 - x0, height: y1 - y0, annotations, roles });
    }
    const metadata = await pdf.getMetadata();
    const fields = (await pdf.getFieldObjects()) ?? {};
    return {
      pages,
      info: metadata.info as Record<string, unknown>,
      xmp: metadata.metadata as InspectedPdf['xmp'],
      fieldNames: Object.keys(fields).sort(),
      raw,
    };
  } finally {
    await pdf.destroy();
  }
}

/** The raw dictionaries of every indirect object whose dictionary matches `pattern`. */
export function findObjects(raw: string, pattern: RegExp): string[] {
  const objects = raw.split(/\bendobj\b/);
  return objects.filter((object) => pattern.test(object.split('stream')[0] ?? ''));
}

/** Every Flate-compressed stream of the file, inflated, as latin1 text (page content among them). */
export function inflateStreams(bytes: Uint8Array): string[] {
  const buffer = Buffer.from(bytes);
  const streams: string[] = [];
  let from = 0;
  for (;;) {
    const start = buffer.indexOf('stream\n', from, 'latin1');
    if (start < 0) break;
    const end = buffer.indexOf('\nendstream', start, 'latin1');
    if (end < 0) break;
    try {
      streams.push(inflateSync(buffer.subarray(start + 'stream\n'.length, end)).toString('latin1'));
    } catch {
      // Not every stream is compressed (the XMP packet is not).
    }
    from = end + '\nendstream'.length;
  }
  return streams;
}
