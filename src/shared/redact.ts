/**
 * @module Secret redaction. Applied when errors and log records are built, not when printed.
 */

// GitHub token shapes (classic ghp_, fine-grained github_pat_, app ghs_/ghu_/gho_/ghr_), npm tokens,
// Bearer/Basic/token authorization values, and token-bearing query parameters.
const PATTERNS: readonly RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bnpm_[A-Za-z0-9]{20,}\b/g,
  // as a header, a query parameter, or a JSON/Python dict entry ("authorization": "Bearer …")
  /\b((?:authorization|x-api-key|api[_-]?key)["']?\s*[:=]\s*["']?)(?:bearer |token |basic )?[^\s,'"}&]+/gi,
  /\b((?:access_token|token|password|secret|sig)=)[^&\s'"]+/gi,
  // user:password@host → user:***@host (the @ stays, so the host is still readable)
  /(\/\/[^/\s:@]+:)[^@\s/]+(?=@)/g,
];

const extraSecrets = new Set<string>();

/** Registers a secret value (e.g. the token we were given) so that it is removed everywhere. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6) return;
  extraSecrets.add(value);
  // A server can echo the token inside a URL or a file name, percent-encoded.
  const encoded = encodeURIComponent(value);
  if (encoded !== value) extraSecrets.add(encoded);
}

/**
 * Removes the registered secrets only (no pattern matching): cheap enough for every write to
 * stdout/stderr, the last line of defence for text that reached output without passing `redact`.
 */
export function redactRegistered(text: string): string {
  if (extraSecrets.size === 0) return text;
  let out = text;
  for (const secret of extraSecrets) if (out.includes(secret)) out = out.split(secret).join('***');
  return out;
}

export function redact(text: string): string {
  let out = text;
  for (const secret of extraSecrets) out = out.split(secret).join('***');
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (_match, prefix: unknown) =>
      typeof prefix === 'string' ? `${prefix}***` : '***',
    );
  }
  return out;
}
