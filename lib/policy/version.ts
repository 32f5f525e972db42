import { createHash } from 'node:crypto';
import type { PolicyVersionsRepository, RecordedPolicy } from './repository.js';
import type { PublishedPolicy } from './published.js';

/** The policy's texts, one per language, as they read under a version and date. */
export type RenderPolicy = (version: string, date: string) => PublishedPolicy[];

interface Settle {
  /** What the shop set in `policy.version` and `policy.date`, if anything: it stands. */
  given: { version: string | null; date: string | null };
  /** Today's date in the shop's time zone, YYYY-MM-DD. */
  today: () => string;
  render: RenderPolicy;
  repository: PolicyVersionsRepository;
}

/**
 * The version in force of the policy text. Every consent and acknowledgement names it, and the
 * banner and re-consent ask again when it changes, so it must change exactly when the text does
 * (GDPR Art. 7(1), 13). Unless the shop names one, it is the day this text was first published,
 * found in `policy_versions`, or today when the text is new; a second new text on the same day
 * gets a short hash of itself after the date. The date shown as "last changed" is that day.
 *
 * A version belongs to the text first recorded under it, so instances that start together and
 * each record their text (ON CONFLICT IGNORE) arrive at the same answer, and one with another
 * text moves on to a version of its own.
 */
export async function settleVersion({ given, today, render, repository }: Settle): Promise<PublishedPolicy[]> {
  let lost: PublishedPolicy[] = [];
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const recorded = await repository.recorded();
    const found = earliestRecording(recorded, given, render);
    if (found) return found;
    // Another text was recorded under the version this one tried first: this one never was that version.
    if (lost.length > 0) await repository.forget(lost);
    const date = given.date ?? today();
    let version = given.version ?? date;
    if (!given.version && recorded.some((row) => row.version === version)) version = `${date}-${digest(render(date, date)).slice(0, 6)}`;
    lost = render(version, date);
    await repository.record(lost);
  }
  throw new Error('express-shop-privacy: could not settle the policy version: other instances kept recording other texts under it; start again');
}

/** The texts as first published, if this very text was recorded before under a version the options allow. */
function earliestRecording(recorded: RecordedPolicy[], given: Settle['given'], render: RenderPolicy): PublishedPolicy[] | null {
  const owner = new Map<string, RecordedPolicy>();
  for (const row of recorded) if (!owner.has(`${row.version}\n${row.locale}`)) owner.set(`${row.version}\n${row.locale}`, row);
  const tried = new Set<string>();
  for (const { version, publishedOn: date } of recorded) {
    if ((given.version && version !== given.version) || (given.date && date !== given.date) || tried.has(`${version}\n${date}`)) continue;
    tried.add(`${version}\n${date}`);
    const texts = render(version, date);
    // The shop's own version may name several texts (its choice); a derived one names the first.
    const isRecorded = (text: PublishedPolicy) =>
      given.version
        ? recorded.some((row) => row.version === version && row.locale === text.locale && row.hash === text.hash)
        : owner.get(`${version}\n${text.locale}`)?.hash === text.hash;
    if (texts.every(isRecorded)) return texts;
  }
  return null;
}

function digest(texts: PublishedPolicy[]): string {
  return createHash('sha256')
    .update(texts.map((text) => text.hash).join('\n'))
    .digest('hex');
}

/** `at` as a calendar day in `timeZone`, YYYY-MM-DD. */
export function calendarDay(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
