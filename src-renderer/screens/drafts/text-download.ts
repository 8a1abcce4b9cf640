// Saving a NACHA file from the screen: the text becomes a Blob behind an object URL, an
// <a download> is clicked and the URL revoked a moment later (as reports/pdf-download.ts does).
const REVOKE_AFTER_MS = 1000;

export function saveTextFile(filename: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/plain' }));
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
