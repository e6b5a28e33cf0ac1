/**
 * Document metadata: the Info dictionary and the XMP packet that PDF/A
 * requires to agree with it. pdfkit writes the XMP by pasting values into
 * XML unescaped, so a title such as "Smith & Jones <Ltd>" would produce a
 * broken packet; the packet is therefore built here instead.
 */

export interface DocumentMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: readonly string[];
  creator: string;
  producer: string;
  language: string;
  date: Date;
}

/** Escapes text for XML character data and attribute values. */
function escapeXml(text: string): string {
  return text
    // XML 1.0 cannot carry these at all, not even as references.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The Info dictionary entries, in the form pdfkit's `info` option takes. */
export function buildInfoDictionary(metadata: DocumentMetadata): Record<string, string | Date> {
  return {
    Title: metadata.title,
    Author: metadata.author,
    Subject: metadata.subject,
    Keywords: joinKeywords(metadata.keywords),
    Creator: metadata.creator,
    Producer: metadata.producer,
    CreationDate: metadata.date,
    ModDate: metadata.date,
  };
}

function joinKeywords(keywords: readonly string[]): string {
  return keywords.join(', ');
}

/** XMP dates carry no milliseconds so that they equal the Info dictionary's to the second. */
function formatXmpDate(date: Date): string {
  return `${date.toISOString().split('.')[0] ?? ''}Z`;
}

/**
 * The rdf:Description elements of the XMP packet (pdfkit wraps them in the
 * packet and appends the PDF/A identification itself).
 */
export function buildXmpDescriptions(metadata: DocumentMetadata): string {
  const date = formatXmpDate(metadata.date);
  const lang = escapeXml(metadata.language);
  const subjects = metadata.keywords.map((keyword) => `<rdf:li>${escapeXml(keyword)}</rdf:li>`).join('');
  return [
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${escapeXml(metadata.creator)}</xmp:CreatorTool>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(metadata.title)}</rdf:li></rdf:Alt></dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${escapeXml(metadata.author)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(metadata.subject)}</rdf:li></rdf:Alt></dc:description>`,
    subjects ? `<dc:subject><rdf:Bag>${subjects}</rdf:Bag></dc:subject>` : '',
    `<dc:language><rdf:Bag><rdf:li>${lang}</rdf:li></rdf:Bag></dc:language>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    `<pdf:Producer>${escapeXml(metadata.producer)}</pdf:Producer>`,
    `<pdf:Keywords>${escapeXml(joinKeywords(metadata.keywords))}</pdf:Keywords>`,
    '</rdf:Description>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
