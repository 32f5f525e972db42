import path from 'node:path';
import { assert, expect } from 'chai';
import { createShop, settingsFromEnv } from '../examples/storefront/app.js';
import { readOutbox } from '../index.js';
import { onEachDatabase, tempDir } from './support/databases.js';
import { smtpServer } from './support/smtp-server.js';

/** The example shop sends real mail when given a transport URL (issue 19), the dev outbox otherwise. */
onEachDatabase('the example shop with SMTP_URL', (db) => {
  it("sends the module's e-mails through the SMTP server SMTP_URL names, and writes none to the outbox folder", async function () {
    const smtp = await smtpServer();
    const outboxDir = tempDir('esp-smtp-outbox-');
    const settings = settingsFromEnv({ DATABASE_URL: db().url, OUTBOX_DIR: path.join(outboxDir, 'mail'), SMTP_URL: smtp.url }, 3000);
    expect(settings.smtpUrl).to.equal(smtp.url);
    const shop = await createShop(settings);
    try {
      expect(await shop.privacy.hooks.newsletterSignup({ email: 'liga@example.lv' })).to.deep.equal({ status: 'queued' });
      // The shop's own worker is already at it; the drain returns once everything due has gone.
      await shop.privacy.mail.drain();
      const [mail] = smtp.received;
      assert.exists(mail, 'the confirmation over SMTP');
      expect(mail.to).to.deep.equal(['liga@example.lv']);
      expect(mail.data).to.contain('List-Unsubscribe-Post: List-Unsubscribe=One-Click').and.contain('Message-ID: <');
      expect(await readOutbox(settings.outboxDir)).to.deep.equal([]);
    } finally {
      await shop.close();
      await smtp.close();
    }
  });

  it('writes to the outbox folder without SMTP_URL', function () {
    expect(settingsFromEnv({ DATABASE_URL: db().url, OUTBOX_DIR: tempDir('esp-no-smtp-') }, 3000).smtpUrl).to.equal(undefined);
  });
});
