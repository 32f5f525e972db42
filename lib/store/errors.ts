/**
 * A database error's message fit for a log or a terminal: knex's copy of the SQL dropped (it
 * carries the bound values) and quoted values cut out ("Duplicate entry '…'" may quote an
 * address), with a hint when the tables are missing.
 */
export function safeDatabaseMessage(err: unknown): string {
  const full = err instanceof Error ? err.message : String(err);
  const message = full.includes(' - ') ? full.slice(full.lastIndexOf(' - ') + 3) : full;
  const hint = /no such table|doesn't exist/i.test(message) ? ' (have the migrations run? shop-privacy migrate)' : '';
  return `${message
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, "'…'")
    .replace(/\s+/g, ' ')
    .slice(0, 300)}${hint}`;
}
