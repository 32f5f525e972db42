/** The value of one cookie from the raw header, without parsing the rest. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The names of the cookies in the raw header, each once. */
export function readCookieNames(header: string | undefined): string[] {
  if (!header) return [];
  const names = new Set<string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) names.add(part.slice(0, eq).trim());
  }
  return [...names];
}
