// Saving a text file the core made (a NACHA file, the print vendor's CSV): the text becomes a
// Blob behind an object URL, an <a download> is clicked and the URL revoked a moment later (as
// reports/pdf-download.ts does for PDFs).
const REVOKE_AFTER_MS = 1000;

export function saveText(filename: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
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
