/** Reads a produced PDF back with pdf.js, the way a reader would see it. */
import { inflateSync } from 'node:zlib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PageContent {
  /** Text of the page with line ends as spaces, as a reader's "copy text" gives it. */
  text: string;
  /** The page's pieces of text as pdf.js finds them, each with its baseline (from the page's foot), where it starts and how wide it is. */
  textItems: { text: string; baseline: number; x: number; width: number }[];
  width: number;
  height: number;
  /** `alternativeText` is the field's tooltip (/TU), which a screen reader reads as its name. */
  annotations: { fieldType?: string; fieldName?: string; subtype?: string; alternativeText?: string; maxLen?: number; rect: number[] }[];
  /** Structure roles in reading order, depth first. */
  roles: string[];
}

/** A bookmark as a viewer lists it. */
export interface OutlineItem {
  title: string;
  /** The index of the page it goes to, and where on it: the top of the view, from the page's foot. */
  pageIndex: number;
  top: number;
  /** /Count: positive for an open item (its visible descendants), undefined for one without children. */
  count: number | undefined;
  items: OutlineItem[];
}

export interface InspectedPdf {
  pages: PageContent[];
  /** The document outline (bookmarks), empty without one. */
  outline: OutlineItem[];
  info: Record<string, unknown>;
  xmp: { get(name: string): unknown } | null;
  /** Fully qualified names of the fields a reader offers to fill in or sign (not the fields that only hold others). */
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
      const textItems: PageContent['textItems'] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        textItems.push({ text: item.str, baseline: Number(item.transform[5]), x: Number(item.transform[4]), width: item.width });
        if (item.hasEOL) text += ' ';
      }
      const annotations = (await page.getAnnotations()) as PageContent['annotations'];
      const roles: string[] = [];
      collectRoles((await page.getStructTree()) as StructNode | null, roles);
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
      pages.push({ text: text.replace(/\s+/g, ' '), textItems, width: x1 - x0, height: y1 - y0, annotations, roles });
    }
    interface PdfJsOutlineNode {
      title: string;
      dest: string | unknown[] | null;
      count: number | undefined;
      items: PdfJsOutlineNode[];
    }
    const readOutline = (nodes: readonly PdfJsOutlineNode[]): Promise<OutlineItem[]> =>
      Promise.all(
        nodes.map(async (node) => {
          const [page, kind, , top] = Array.isArray(node.dest) ? node.dest : [];
          if (kind === undefined || (kind as { name?: string }).name !== 'XYZ') throw new Error(`bookmark "${node.title}" has no XYZ destination`);
          const pageIndex = await pdf.getPageIndex(page as Parameters<typeof pdf.getPageIndex>[0]);
          return { title: node.title, pageIndex, top: Number(top), count: node.count, items: await readOutline(node.items) };
        }),
      );
    const outline = await readOutline(((await pdf.getOutline()) ?? []) as PdfJsOutlineNode[]);
    const metadata = await pdf.getMetadata();
    const fields = (await pdf.getFieldObjects()) ?? {};
    return {
      pages,
      outline,
      info: metadata.info as Record<string, unknown>,
      xmp: metadata.metadata as InspectedPdf['xmp'],
      fieldNames: Object.keys(fields)
        .filter((name) => fields[name]?.some((field) => !('kidIds' in field)))
        .sort(),
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

/**
 * The numbers of the indirect objects that nothing refers to: neither
 * another object nor the trailer (which names the catalog and the Info
 * dictionary). A reader never reaches them, and `qpdf` drops them when it
 * rewrites a file. Every reference is in a dictionary or an array, which
 * are not compressed (content streams hold none).
 */
export function unreferencedObjects(raw: string): number[] {
  const referenced = new Set([...raw.matchAll(/\b(\d+) 0 R\b/g)].map((match) => Number(match[1])));
  return [...raw.matchAll(/(?:^|\n)(\d+) 0 obj\b/g)].map((match) => Number(match[1])).filter((id) => !referenced.has(id));
}

/**
 * What each signature field locks once signed: its partial name (`supervisor`)
 * and the field names in its /Lock dictionary, which must be an indirect
 * /SigFieldLock with /Action /Include; `undefined` for a field without one.
 */
export function signatureLocks(raw: string): [string | undefined, string[] | undefined][] {
  return findObjects(raw, /\/FT \/Sig/).map((signature) => {
    const name = /\/T \(([^)]*)\)/.exec(signature)?.[1];
    const lockId = /\/Lock (\d+) 0 R/.exec(signature)?.[1];
    if (lockId === undefined) return [name, undefined];
    const [lock = ''] = findObjects(raw, new RegExp(`(?:^|\\n)${lockId} 0 obj`));
    if (!/\/Type \/SigFieldLock/.test(lock) || !/\/Action \/Include/.test(lock)) return [name, undefined];
    const fields = /\/Fields \[([^\]]*)\]/.exec(lock)?.[1] ?? '';
    return [name, [...fields.matchAll(/\(([^)]*)\)/g)].map((match) => match[1]!)];
  });
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

/**
 * The text of every tagged (MCID) marked-content sequence, in content order,
 * page after page, decoded through each font's ToUnicode map: the text a
 * screen reader or `pdfinfo -struct-text` gets from the structure tree. Unlike
 * pdf.js's text content, nothing is added at line ends and no space is
 * dropped, so words that run together here run together for them too.
 */
export function taggedTexts(bytes: Uint8Array): string[] {
  const buffer = Buffer.from(bytes);
  const raw = buffer.toString('latin1');
  const objectDictionary = (id: string): string => {
    const match = new RegExp(`(?:^|\\n)${id} 0 obj\\s*<<([\\s\\S]*?)>>\\s*(?:stream|endobj)`).exec(raw);
    if (!match) throw new Error(`no object ${id}`);
    return match[1]!;
  };
  const objectStream = (id: string): string => {
    const match = new RegExp(`(?:^|\\n)${id} 0 obj\\s*<<[\\s\\S]*?>>\\s*stream\\n`).exec(raw);
    if (!match) throw new Error(`no stream ${id}`);
    const start = match.index + match[0].length;
    return inflateSync(buffer.subarray(start, buffer.indexOf('\nendstream', start, 'latin1'))).toString('latin1');
  };
  const toUnicodeMaps = new Map<string, Map<string, string>>();
  const toUnicode = (fontId: string): Map<string, string> => {
    let map = toUnicodeMaps.get(fontId);
    if (map) return map;
    map = new Map();
    const cmapId = /\/ToUnicode (\d+) 0 R/.exec(objectDictionary(fontId))?.[1];
    if (cmapId) {
      const cmap = objectStream(cmapId);
      const utf16 = (hex: string): string => String.fromCharCode(...(hex.match(/[0-9a-f]{4}/gi) ?? []).map((unit) => Number.parseInt(unit, 16)));
      for (const [, from, list] of cmap.matchAll(/<([0-9a-f]+)>\s*<[0-9a-f]+>\s*\[([^\]]*)\]/gi)) {
        [...list!.matchAll(/<([0-9a-f ]+)>/gi)].forEach(([, target], offset) => {
          map!.set((Number.parseInt(from!, 16) + offset).toString(16).padStart(4, '0'), utf16(target!.replace(/ /g, '')));
        });
      }
      for (const [, code, target] of cmap.matchAll(/^<([0-9a-f]{4})>\s*<([0-9a-f]+)>$/gim)) map.set(code!.toLowerCase(), utf16(target!));
    }
    toUnicodeMaps.set(fontId, map);
    return map;
  };
  const texts: string[] = [];
  for (const [, contentsId, resourcesId] of raw.matchAll(/\/Type\s+\/Page\s+\/Parent\s+\d+ 0 R[^>]*?\/Contents\s+(\d+) 0 R\s+\/Resources\s+(\d+) 0 R/g)) {
    const fonts = new Map<string, string>();
    const fontDictionary = /\/Font\s*<<([^>]*)>>/.exec(objectDictionary(resourcesId!))?.[1] ?? '';
    for (const [, name, id] of fontDictionary.matchAll(/\/(\S+)\s+(\d+) 0 R/g)) fonts.set(name!, id!);
    let font = new Map<string, string>();
    const open: (number | null)[] = [];
    for (const [token, marked, fontName, array] of objectStream(contentsId!).matchAll(/<<\s*\/MCID \d+\s*>>\s*BDC|\b(BDC|EMC)\b|\/(\S+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (token.endsWith('BDC')) open.push(token.includes('/MCID') ? texts.push('') - 1 : null);
      else if (marked === 'EMC') open.pop();
      else if (fontName) font = toUnicode(fonts.get(fontName) ?? '');
      else if (array !== undefined) {
        const at = open[open.length - 1];
        if (at === undefined || at === null) continue;
        for (const [, hex] of array.matchAll(/<([0-9a-f]*)>/gi)) {
          for (const code of hex!.match(/[0-9a-f]{4}/gi) ?? []) texts[at] += font.get(code.toLowerCase()) ?? '\ufffd';
        }
      }
    }
  }
  return texts;
}
