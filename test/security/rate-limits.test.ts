import { expect } from 'chai';
import request from 'supertest';
import { onEachDatabase, tempDir } from '../support/databases.js';
import { createHost } from '../support/host.js';

function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

/** The module's limits hold under concurrency and on every form that mails someone (issue 18 items 3 and 6). */
onEachDatabase('rate limits', (db) => {
  it('30 concurrent requests for one address: none fails, exactly the 5 an address is allowed pass', async function () {
    const { app, privacy } = await createHost(db().url, { publicUrl: 'http://shop.test', mailer: { outboxDir: tempDir('esp-outbox-') } });
    const agent = request.agent(app);
    const token = csrfFrom((await agent.get('/privacy/request')).text);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => agent.post('/privacy/request').type('form').send({ _csrf: token, type: 'access', email: 'stranger@example.lv' })),
    );
    const statuses = answers.map((res) => res.status);
    expect(
      statuses.filter((status) => status >= 500),
      'answered with a server error',
    ).to.deep.equal([]);
    expect(statuses.filter((status) => status !== 429)).to.have.length(5);
    await privacy.close();
  });
});
