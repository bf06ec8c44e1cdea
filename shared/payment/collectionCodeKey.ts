// The key payment knows a student's collection code by: sha256("collection-code\n" + code), the same
// key the review service files submissions under, so "paid" and "accepted" meet without the code itself.
// WebCrypto, so the booth (and any host) computes it exactly as the service does.

export async function collectionCodeKey(code: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(`collection-code\n${code}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
