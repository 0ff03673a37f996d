// Enough of a User-Agent parser to fill the `browser` and `os` contexts that browser SDKs leave
// out (Relay derives them the same way), so issues can be filtered by browser and OS.

export interface UaContexts {
  browser?: { name: string; version?: string };
  os?: { name: string; version?: string };
}

const BROWSERS: Array<[RegExp, string]> = [
  [/Edg(?:e|A|iOS)?\/([\d.]+)/, 'Edge'],
  [/OPR\/([\d.]+)/, 'Opera'],
  [/SamsungBrowser\/([\d.]+)/, 'Samsung Internet'],
  [/HeadlessChrome\/([\d.]+)/, 'Chrome Headless'],
  [/(?:Chrome|CriOS)\/([\d.]+)/, 'Chrome'],
  [/(?:Firefox|FxiOS)\/([\d.]+)/, 'Firefox'],
  [/Version\/([\d.]+).*Safari\//, 'Safari'],
];

const SYSTEMS: Array<[RegExp, string]> = [
  [/Windows NT ([\d.]+)/, 'Windows'],
  [/(?:iPhone|iPad|iPod).*? OS ([\d_]+)/, 'iOS'],
  [/Mac OS X ([\d_.]+)/, 'Mac OS X'],
  [/Android ([\d.]+)/, 'Android'],
  [/CrOS \S+ ([\d.]+)/, 'Chrome OS'],
  [/Linux/, 'Linux'],
];

/** Browser and OS from a browser User-Agent; empty for SDK user agents and anything unknown. */
export function parseUserAgent(ua: string): UaContexts {
  const out: UaContexts = {};
  if (!ua.startsWith('Mozilla/')) return out;
  for (const [re, name] of BROWSERS) {
    const m = re.exec(ua);
    if (m) {
      out.browser = m[1] ? { name, version: m[1] } : { name };
      break;
    }
  }
  for (const [re, name] of SYSTEMS) {
    const m = re.exec(ua);
    if (m) {
      out.os = m[1] ? { name, version: m[1].replace(/_/g, '.') } : { name };
      break;
    }
  }
  return out;
}
