import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { expectTypeOf } from 'expect-type';
import {
  type PrivacyTransaction,
  type RecordedAfterCommit,
  type RecordedDeferred,
  type DeferredOptions,
  createPrivacy,
  InvalidInputError,
  PrivacyError,
  PrivacyOptionsError,
  RequestRefusedError,
  RetentionRunError,
  SuppressedError,
  type AccountCreated,
  type Actor,
  type AuditRecord,
  type AuditVerdict,
  type ConsentChange,
  type ConsentContext,
  type ConsentFieldsInput,
  type ConsentState,
  type ContactField,
  type CspDirectives,
  type CustomDataSource,
  type DataSource,
  type EmailVerified,
  type ErasureDone,
  type ErasureLine,
  type HookOptions,
  type Locale,
  type NewsletterSignup,
  type NewsletterSignupResult,
  type PrivacyMail,
  type MailDrainReport,
  type OutboxStatus,
  type OrderCreated,
  type Privacy,
  type PrivacyAudit,
  type PrivacyConsents,
  type PrivacyErrorCode,
  type PrivacyEvents,
  type PrivacyHooks,
  type PrivacyListener,
  type PrivacyLocals,
  type PrivacyNewsletter,
  type PrivacyOptions,
  type PrivacyPreset,
  type PrivacyRender,
  type PrivacyRequest,
  type PrivacyRequests,
  type PrivacyRetention,
  type PublishedPolicy,
  type RecordedConsents,
  type RectificationDone,
  type RequestChannel,
  type RequestRefusal,
  type RequestStatus,
  type RequestType,
  type RestrictionChange,
  type RetentionReport,
  type RetentionRunOptions,
  type SourceContext,
  type SourceCounts,
  type SourceValue,
  type SubjectKey,
  type SubjectRef,
  type UnsubscribeLink,
  xpartsPreset,
} from '../../index.js';

/**
 * The public types, pinned (as fastify-cookie's test/types.test.ts pins its decorations): these
 * assertions are checked by `npm run typecheck`; a change to what `index.ts` gives a shop fails
 * there before it reaches one. At run time they do nothing.
 */
describe('the public types', function () {
  it('createPrivacy takes the options and returns the named Privacy interface', function () {
    expectTypeOf(createPrivacy).parameters.toEqualTypeOf<[PrivacyOptions]>();
    expectTypeOf(createPrivacy).returns.toEqualTypeOf<Privacy>();
    // A preset spreads into the options; the controller is never part of it.
    expectTypeOf(xpartsPreset).toEqualTypeOf<PrivacyPreset>();
    expectTypeOf<PrivacyPreset>().toExtend<Partial<PrivacyOptions>>();
    expectTypeOf<PrivacyPreset>().not.toHaveProperty('controller');
    expectTypeOf<Privacy['hooks']>().toEqualTypeOf<PrivacyHooks>();
    expectTypeOf<Privacy['consents']>().toEqualTypeOf<PrivacyConsents>();
    expectTypeOf<Privacy['render']>().toEqualTypeOf<PrivacyRender>();
    expectTypeOf<Privacy['requests']>().toEqualTypeOf<PrivacyRequests>();
    expectTypeOf<Privacy['audit']>().toEqualTypeOf<PrivacyAudit>();
    expectTypeOf<Privacy['retention']>().toEqualTypeOf<PrivacyRetention>();
    expectTypeOf<Privacy['mail']>().toEqualTypeOf<PrivacyMail>();
    expectTypeOf<PrivacyMail['drain']>().returns.resolves.toEqualTypeOf<MailDrainReport>();
    expectTypeOf<PrivacyMail['status']>().returns.resolves.toEqualTypeOf<Record<OutboxStatus, number>>();
    expectTypeOf<Privacy['newsletter']>().toEqualTypeOf<PrivacyNewsletter>();
    expectTypeOf<Privacy['db']>().toEqualTypeOf<Knex>();
    expectTypeOf<ReturnType<Privacy['policy']['published']>>().toEqualTypeOf<PublishedPolicy>();
  });

  it('the methods a shop calls take and give named types', function () {
    expectTypeOf<Privacy['eraseSubject']>().parameter(0).toEqualTypeOf<SubjectRef>();
    expectTypeOf<Privacy['eraseSubject']>().returns.resolves.toEqualTypeOf<ErasureLine[]>();
    expectTypeOf<Privacy['previewErasure']>().returns.resolves.toEqualTypeOf<ErasureLine[]>();
    expectTypeOf<Privacy['exportSubject']>().returns.resolves.toEqualTypeOf<AsyncIterable<string>>();
    expectTypeOf<PrivacyConsents['of']>().returns.resolves.toEqualTypeOf<ConsentState[]>();
    expectTypeOf<PrivacyConsents['grant']>().parameters.toEqualTypeOf<[SubjectRef, string, ConsentContext]>();
    expectTypeOf<PrivacyRequests['queue']>().returns.resolves.toEqualTypeOf<PrivacyRequest[]>();
    expectTypeOf<PrivacyRequests['refuse']>().parameters.toEqualTypeOf<[number, Actor, string]>();
    expectTypeOf<PrivacyRequest['type']>().toEqualTypeOf<RequestType>();
    expectTypeOf<PrivacyRequest['status']>().toEqualTypeOf<RequestStatus>();
    expectTypeOf<PrivacyRequest['channel']>().toEqualTypeOf<RequestChannel>();
    expectTypeOf<RequestType>().toEqualTypeOf<'access' | 'rectification' | 'erasure' | 'restriction' | 'objection' | 'withdrawal'>();
    expectTypeOf<PrivacyAudit['verify']>().returns.resolves.toEqualTypeOf<AuditVerdict>();
    expectTypeOf<PrivacyAudit['list']>().returns.resolves.toEqualTypeOf<AuditRecord[]>();
    expectTypeOf<PrivacyRetention['run']>().parameters.toEqualTypeOf<[RetentionRunOptions?]>();
    expectTypeOf<PrivacyRetention['run']>().returns.resolves.toEqualTypeOf<RetentionReport>();
    expectTypeOf<PrivacyNewsletter['unsubscribeLink']>().returns.resolves.toEqualTypeOf<UnsubscribeLink>();
    expectTypeOf<PrivacyRender['consentFields']>().parameters.toEqualTypeOf<[ConsentFieldsInput]>();
    expectTypeOf<PrivacyRender['reconfirmPrompt']>().parameters.toEqualTypeOf<[Request, Response]>();
    // What the shop's own CSP must allow for the banner: helmet's directive shape, read-only (the same object every call).
    expectTypeOf<Privacy['cspDirectives']>().parameters.toEqualTypeOf<[]>();
    expectTypeOf<Privacy['cspDirectives']>().returns.toEqualTypeOf<CspDirectives>();
    expectTypeOf<CspDirectives>().toEqualTypeOf<{
      readonly scriptSrc: readonly string[];
      readonly styleSrc: readonly string[];
      readonly formAction: readonly string[];
      readonly connectSrc: readonly string[];
    }>();
  });

  it('the hooks take the shop’s order, account and sign-up, and say what they recorded', function () {
    // Three forms each: inside the shop's transaction, in one statement there (deferred: true), or after its commit (afterCommit: true). Never called: only its types are read.
    const answers = (hooks: PrivacyHooks, order: OrderCreated, account: AccountCreated, trx: PrivacyTransaction) => ({
      inTransaction: hooks.orderCreated(order, { trx }),
      afterCommit: hooks.orderCreated(order, { afterCommit: true }),
      accountInTransaction: hooks.accountCreated(account, { trx }),
      accountAfterCommit: hooks.accountCreated(account, { afterCommit: true }),
      deferred: hooks.orderCreated(order, { trx, deferred: true }),
      accountDeferred: hooks.accountCreated(account, { trx, deferred: true }),
    });
    expectTypeOf(answers).toBeFunction();
    expectTypeOf<ReturnType<typeof answers>['inTransaction']>().resolves.toEqualTypeOf<RecordedConsents>();
    expectTypeOf<ReturnType<typeof answers>['afterCommit']>().resolves.toEqualTypeOf<RecordedAfterCommit>();
    expectTypeOf<ReturnType<typeof answers>['accountInTransaction']>().resolves.toEqualTypeOf<RecordedConsents>();
    expectTypeOf<ReturnType<typeof answers>['accountAfterCommit']>().resolves.toEqualTypeOf<RecordedAfterCommit>();
    expectTypeOf<ReturnType<typeof answers>['deferred']>().resolves.toEqualTypeOf<RecordedDeferred>();
    expectTypeOf<ReturnType<typeof answers>['accountDeferred']>().resolves.toEqualTypeOf<RecordedDeferred>();
    expectTypeOf<RecordedDeferred['subjectId']>().toBeNull();
    expectTypeOf<DeferredOptions>().toEqualTypeOf<{ trx: Knex.Transaction; deferred: true }>();
    expectTypeOf<PrivacyHooks['emailVerified']>().parameters.toEqualTypeOf<[EmailVerified, HookOptions?]>();
    expectTypeOf<PrivacyHooks['newsletterSignup']>().parameters.toEqualTypeOf<[NewsletterSignup]>();
    expectTypeOf<PrivacyHooks['emailVerified']>().returns.resolves.toBeVoid();
    expectTypeOf<PrivacyHooks['newsletterSignup']>().returns.resolves.toEqualTypeOf<NewsletterSignupResult>();
    expectTypeOf<NewsletterSignupResult['status']>().toEqualTypeOf<'queued' | 'limited' | 'unticked'>();
    expectTypeOf<HookOptions['trx']>().toEqualTypeOf<Knex.Transaction | undefined>();
  });

  it('each event names its payload', function () {
    expectTypeOf<PrivacyEvents['consent.granted']>().toEqualTypeOf<[ConsentChange]>();
    expectTypeOf<PrivacyEvents['consent.withdrawn']>().toEqualTypeOf<[ConsentChange]>();
    expectTypeOf<PrivacyEvents['subject.restricted']>().toEqualTypeOf<[RestrictionChange]>();
    expectTypeOf<PrivacyEvents['subject.rectified']>().toEqualTypeOf<[RectificationDone]>();
    expectTypeOf<PrivacyEvents['subject.erased']>().toEqualTypeOf<[ErasureDone]>();
    expectTypeOf<PrivacyEvents['retention.completed']>().toEqualTypeOf<[RetentionReport]>();
    expectTypeOf<PrivacyListener<'subject.erased'>>().parameters.toEqualTypeOf<[ErasureDone]>();
    expectTypeOf<ErasureDone['report']>().toEqualTypeOf<ErasureLine[]>();
    // A shopper the module holds no record of may still have the shop's own rows corrected.
    expectTypeOf<RectificationDone['subjectId']>().toEqualTypeOf<number | null>();
    // A listener's payload is inferred from the event's name (checked, not run).
    const listen = (privacy: Privacy) =>
      privacy
        .on('subject.erased', (done) => {
          expectTypeOf(done).toEqualTypeOf<ErasureDone>();
        })
        .on('consent.withdrawn', async (change) => {
          expectTypeOf(change.subjectId).toEqualTypeOf<number>();
        });
    expectTypeOf(listen).returns.toEqualTypeOf<Privacy>();
  });

  it('every error a public method throws is a PrivacyError with its own fields', function () {
    expectTypeOf<PrivacyError['code']>().toEqualTypeOf<PrivacyErrorCode>();
    expectTypeOf<PrivacyError['status']>().toEqualTypeOf<number>();
    expectTypeOf<RequestRefusedError>().toExtend<PrivacyError>();
    expectTypeOf<RequestRefusedError['key']>().toEqualTypeOf<RequestRefusal>();
    expectTypeOf<PrivacyOptionsError>().toExtend<PrivacyError>();
    expectTypeOf<PrivacyOptionsError['issues']>().toEqualTypeOf<string[]>();
    expectTypeOf<InvalidInputError>().toExtend<PrivacyError>();
    expectTypeOf<SuppressedError['purpose']>().toEqualTypeOf<string>();
    expectTypeOf<RetentionRunError['report']>().toEqualTypeOf<RetentionReport>();
  });

  it('a custom data source is typed by its contract, without casts', function () {
    expectTypeOf<SubjectKey['id']>().toEqualTypeOf<number | null>();
    expectTypeOf<CustomDataSource['export']>().parameters.toEqualTypeOf<[SubjectKey]>();
    expectTypeOf<CustomDataSource['export']>().returns.toEqualTypeOf<Record<string, SourceValue>[] | Promise<Record<string, SourceValue>[]>>();
    expectTypeOf<NonNullable<CustomDataSource['erase']>>().parameters.toEqualTypeOf<[SubjectKey, SourceContext]>();
    expectTypeOf<NonNullable<CustomDataSource['rectify']>>().parameters.toEqualTypeOf<[SubjectKey, Partial<Record<ContactField, string>>, SourceContext]>();
    expectTypeOf<NonNullable<CustomDataSource['purge']>>().parameters.toEqualTypeOf<[{ now: Date; dryRun: boolean }]>();
    // What an outside store did, said at once or by a promise, or nothing at all.
    expectTypeOf<SourceCounts>().toExtend<ReturnType<NonNullable<CustomDataSource['purge']>>>();
    expectTypeOf<Promise<SourceCounts>>().toExtend<ReturnType<NonNullable<CustomDataSource['erase']>>>();
    expectTypeOf<Promise<undefined>>().toExtend<ReturnType<NonNullable<CustomDataSource['erase']>>>();
    expectTypeOf<string[]>().not.toExtend<ReturnType<NonNullable<CustomDataSource['erase']>>>();
    expectTypeOf<SourceContext['trx']>().toEqualTypeOf<Knex.Transaction>();
    expectTypeOf<CustomDataSource>().toExtend<DataSource>();
    expectTypeOf<NonNullable<PrivacyOptions['dataSources']>>().toEqualTypeOf<DataSource[]>();

    const footage = {
      id: 'cctv',
      label: { lv: 'Videonovērošana', en: 'CCTV footage' },
      purposes: ['security'],
      export: (subject) => (subject.id === null ? [] : [{ camera: 'entrance', kept: true, days: 30 }]),
      erase: async (subject, { trx }) => ({ deleted: (await trx('cctv_requests').where({ email: subject.email }).delete()) as number }),
    } satisfies CustomDataSource;
    expectTypeOf(footage.export).parameter(0).toEqualTypeOf<SubjectKey>();
  });

  it('res.locals carries the module’s locals, typed for the shop too', function () {
    expectTypeOf<Response['locals']['privacy']>().toEqualTypeOf<PrivacyLocals>();
    expectTypeOf<Response['locals']['privacyLocale']>().toEqualTypeOf<Locale | undefined>();
    expectTypeOf<Response['locals']['cspNonce']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<PrivacyLocals['allows']>().returns.toEqualTypeOf<boolean>();
  });
});
