/**
 * A short, human label for a `User-Agent` string (e.g. "Chrome 156 on Linux"), for the
 * sessions list. Heuristic, by product tokens (https://www.rfc-editor.org/rfc/rfc9110#name-user-agent);
 * falls back to the first 60 characters.
 */
export function describeUserAgent(ua: string | null): string {
  if (!ua) return 'Unknown device';
  const browser =
    match(ua, /Edg\/(\d+)/, 'Edge') ??
    match(ua, /Firefox\/(\d+)/, 'Firefox') ??
    match(ua, /HeadlessChrome\/(\d+)/, 'Headless Chrome') ??
    match(ua, /Chrom(?:e|ium)\/(\d+)/, 'Chrome') ??
    match(ua, /Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari/, 'Safari') ??
    match(ua, /^curl\/(\S+)/, 'curl') ??
    match(ua, /^node(?:-fetch)?\/?(\S*)/i, 'Node.js');
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad/.test(ua)
        ? 'iOS'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  if (!browser) return ua.length > 60 ? `${ua.slice(0, 60)}…` : ua;
  return os ? `${browser} on ${os}` : browser;
}

function match(ua: string, re: RegExp, name: string): string | null {
  const m = re.exec(ua);
  if (!m) return null;
  return m[1] ? `${name} ${m[1]}` : name;
}
