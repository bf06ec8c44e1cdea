// Serving the service's own web pages: HTML escaping and the static reviewer, admin and agreement apps.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** One of the static pages next to this file, read once. */
export function staticPage(name: 'reviewer.html' | 'admin.html' | 'agreement.html'): string {
  return readFileSync(path.join(here, name), 'utf8');
}
