/**
 * The document outline (the bookmarks a viewer lists beside the pages): an
 * entry for each heading, nested as the headings are (an H2 under the H1
 * before it, an H3 under its H2), each going to its heading's page and
 * position. WCAG's technique PDF2 gives bookmarks as a way to move around a
 * document; PDF/UA and PDF/A allow them without asking for them.
 *
 * pdfkit's `doc.outline.addItem` is not used. It sets an item's /Count only
 * when it is told the item is open, and then to its children alone (ISO
 * 32000-1, 12.3.3, wants every visible descendant), and never on the outline
 * dictionary; and its XYZ destination writes the page's width less the
 * `left` given as the left edge, so a heading's position could only be had
 * by working against it. The items are written here instead, under an
 * outline dictionary of their own (see withOutlineOnDemand).
 */
import type { PdfDocumentConstructor, PdfDocumentInternals, PdfRef } from './pdfkit-internals.js';

/**
 * pdfkit makes an outline dictionary for every document as it is constructed
 * (initOutline) and writes it when the document ends (endOutline), whether
 * or not anything is put under it: a document without a heading carried an
 * empty object that nothing referred to. The subclass makes none, and
 * writeOutline makes one only for a document with headings. `PDFDocument`
 * is pdfkit's class, passed in as pdfkit is loaded on first render.
 */
export function withOutlineOnDemand(PDFDocument: PdfDocumentConstructor): PdfDocumentConstructor {
  return class extends PDFDocument {
    override initOutline(): void {}
    override endOutline(): void {}
  };
}

export interface OutlineEntry {
  /** What the viewer lists: the heading's text. */
  title: string;
  /** The heading's level: 1 for H1. An entry nests under the last entry of a lower level. */
  depth: number;
  /** The dictionary of the page the heading is on. */
  page: PdfRef;
  /** Where the view's top goes, in the page's default coordinates (from the page's foot). */
  top: number;
}

interface OutlineNode {
  entry: OutlineEntry;
  children: OutlineNode[];
}

/**
 * Writes the outline of `entries` (in reading order) and has the viewer show
 * it when the document opens (/PageMode /UseOutlines). A document without a
 * heading gets none.
 */
export function writeOutline(internals: PdfDocumentInternals, entries: readonly OutlineEntry[]): void {
  if (entries.length === 0) return;
  const outlines = internals.ref({ Type: 'Outlines' });
  outlines.data.Count = writeItems(internals, outlines, nest(entries));
  outlines.end();
  internals._root.data.Outlines = outlines;
  // Open at the bookmarks: an outline only helps a reader who knows it is
  // there, and a viewer without room for the pane (a phone's) ignores this.
  internals._root.data.PageMode = 'UseOutlines';
}

function nest(entries: readonly OutlineEntry[]): OutlineNode[] {
  const roots: OutlineNode[] = [];
  const open: OutlineNode[] = [];
  for (const entry of entries) {
    while (open.length > 0 && open[open.length - 1]!.entry.depth >= entry.depth) open.pop();
    const node: OutlineNode = { entry, children: [] };
    (open[open.length - 1]?.children ?? roots).push(node);
    open.push(node);
  }
  return roots;
}

/**
 * Writes `nodes` as the children of `parent` and sets its /First and /Last.
 * Every item is open, so every entry shows without a click (an agreement has
 * a few dozen headings at most); an item's /Count is then the number of its
 * descendants. Returns the number of items written.
 */
function writeItems(internals: PdfDocumentInternals, parent: PdfRef, nodes: readonly OutlineNode[]): number {
  const refs = nodes.map(() => internals.ref());
  let written = 0;
  nodes.forEach((node, index) => {
    const ref = refs[index]!;
    const { title, page, top } = node.entry;
    // A String object is written as a text string: UTF-16BE with its byte order mark when it is not ASCII.
    Object.assign(ref.data, { Title: new String(title), Parent: parent, Dest: [page, 'XYZ', 0, top, null] });
    if (index > 0) ref.data.Prev = refs[index - 1];
    if (index < refs.length - 1) ref.data.Next = refs[index + 1];
    const descendants = writeItems(internals, ref, node.children);
    if (descendants > 0) ref.data.Count = descendants;
    ref.end();
    written += 1 + descendants;
  });
  if (refs.length > 0) {
    parent.data.First = refs[0];
    parent.data.Last = refs[refs.length - 1];
  }
  return written;
}
