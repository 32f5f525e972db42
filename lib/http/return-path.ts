/** Only a path on this site may be returned to: no scheme, no host, no `//`, no backslash. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 512 || !/^\/(?![/\\])[^\s\\]*$/.test(value)) return '/';
  return value;
}
