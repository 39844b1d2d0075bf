/**
 * The favicon with the unread count (issue 12): the Enclave mark drawn on a canvas, with a red
 * badge in the corner when there is something unread. The page has no favicon file; this draws
 * the same mark every time and swaps the `<link rel="icon">` to a `data:` PNG (CSP `img-src data:`).
 */

/** The badge text: `''` for none, the count up to 9, `9+` beyond. */
export function badgeText(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return '';
  return count > 9 ? '9+' : String(Math.floor(count));
}

/** Draws the icon (64 × 64) with `count` in a badge; returns a PNG data URL, or null without canvas support. */
export function drawFavicon(count: number, doc: Document = document): string | null {
  const canvas = doc.createElement('canvas');
  canvas.width = 64;
  canvas.height = 64;
  const g = canvas.getContext('2d');
  if (!g) return null;
  g.fillStyle = '#1f4f8a';
  g.beginPath();
  g.roundRect(4, 4, 56, 56, 12);
  g.fill();
  g.fillStyle = '#ffffff';
  g.font = 'bold 38px sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText('E', 32, 35);
  const text = badgeText(count);
  if (text) {
    g.fillStyle = '#d0021b';
    g.beginPath();
    g.arc(46, 18, 18, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#ffffff';
    g.font = `bold ${text.length > 1 ? 20 : 26}px sans-serif`;
    g.fillText(text, 46, 19);
  }
  return canvas.toDataURL('image/png');
}

/** Sets the page's favicon to the icon with `count` (creates the `<link rel="icon">` when missing). */
export function setFaviconBadge(count: number, doc: Document = document): void {
  const url = drawFavicon(count, doc);
  if (!url) return;
  let link = doc.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) {
    link = doc.createElement('link');
    link.rel = 'icon';
    doc.head.appendChild(link);
  }
  link.type = 'image/png';
  link.href = url;
}
