import { Router } from 'express';
import { translate } from '../i18n/index.js';
import type { ResolvedOptions } from '../options/schema.js';
import { withLang, pageLocale } from '../http/locale.js';
import type { Views } from '../http/views.js';
import { staffNav } from '../staff/nav.js';
import { recordsCsv, recordsOfProcessing } from './records.js';

/** The records of processing for staff (and the supervisory authority, on request): a page, JSON and CSV. */
export function recordsRoutes({
  options,
  views,
  staffPath,
  noticePath,
}: {
  options: Pick<
    ResolvedOptions,
    'clock' | 'controller' | 'policy' | 'policyText' | 'purposes' | 'recipients' | 'retention' | 'securityMeasures' | 'supervisoryAuthority'
  >;
  views: Views;
  staffPath: string;
  noticePath: string | null;
}): Router {
  const router = Router();
  const locales = options.policy.locales;
  const filename = (ext: string) => `records-of-processing-${options.clock().toISOString().slice(0, 10)}.${ext}`;

  // Configuration, not personal data: viewing it is not audited.
  router.get('/records', function recordsPage(_req, res) {
    const locale = pageLocale(res);
    views.send(res, 'staff-records', {
      title: translate(locale, 'records.title'),
      nav: staffNav(staffPath, locale, locales, 'records'),
      records: recordsOfProcessing(options, locale),
      jsonUrl: withLang(`${staffPath}/records.json`, locale, locales),
      csvUrl: withLang(`${staffPath}/records.csv`, locale, locales),
      // The sign to print for premises under video surveillance, when a purpose needs one.
      noticeUrl: noticePath,
    });
  });

  router.get('/records.json', function recordsJson(_req, res) {
    res.attachment(filename('json')).json(recordsOfProcessing(options, pageLocale(res)));
  });

  router.get('/records.csv', function recordsCsvDownload(_req, res) {
    res
      .attachment(filename('csv'))
      .type('text/csv; charset=utf-8')
      .send(recordsCsv(recordsOfProcessing(options, pageLocale(res))));
  });

  return router;
}
