// Saving a report PDF: the core sends it as base64; the renderer turns it into a Blob, points
// an <a download> at an object URL, clicks it and revokes the URL afterwards. (Never an iframe
// or <object>: the page's CSP has object-src 'none'.)
import type { MethodOutput } from '../../../src-shared/ipc/contract';

export type PdfDocument = MethodOutput<'reports.pdf'>;

/** The object URL outlives the click a moment: the browser starts the download from it asynchronously. */
const REVOKE_AFTER_MS = 1000;

export function pdfBlob(contentBase64: string): Blob {
  const bin = atob(contentBase64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: 'application/pdf' });
}

export function saveDocument(doc: PdfDocument): void {
  const url = URL.createObjectURL(pdfBlob(doc.contentBase64));
  const a = document.createElement('a');
  a.href = url;
  a.download = doc.filename;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
