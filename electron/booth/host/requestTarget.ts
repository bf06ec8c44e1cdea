// The one place the web host reads a request target: an origin-form path ("/…", any query ignored),
// percent-decoded once. Anything else — `//`, `//[`, `*`, an absolute URL, a broken %-escape, a NUL —
// is null and the listener answers 400, so no request line can throw inside a listener.

/** The decoded path of the request, or null when the target is not one the web host serves. */
export function requestPath(target: string | undefined): string | null {
  if (!target || target[0] !== '/' || target[1] === '/') return null;
  const end = target.search(/[?#]/);
  let path: string;
  try {
    path = decodeURIComponent(end < 0 ? target : target.slice(0, end));
  } catch {
    return null;
  }
  return path.includes('\0') ? null : path;
}
