import fs from 'node:fs';
import { expect } from 'chai';
import request from 'supertest';
import { onEachDatabase } from './support/databases.js';
import { cspHost } from './support/csp-host.js';

const api = fs.readFileSync('docs/api.md', 'utf8');

/** A Content-Security-Policy header as a map of directive to its sources. */
function directivesOf(header: string | undefined): Map<string, string[]> {
  return new Map(
    (header ?? '')
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

/** The nonce on the banner's script tag, as the browser reads the attribute (handlebars writes `=` as `&#x3D;`). */
const bannerNonce = (html: string) => /<script src="[^"]*\/assets\/banner\.js" nonce="([^"]+)"/.exec(html)?.[1]?.replaceAll('&#x3D;', '=');

describe("the shop's own pages under the shop's own CSP", function () {
  it('docs/api.md shows the helmet merge exactly as examples/host-csp/helmet.ts has it, which these tests run', function () {
    const source = fs.readFileSync('examples/host-csp/helmet.ts', 'utf8').trim();
    const section = api.slice(api.indexOf('## Security headers'), api.indexOf('\n## ', api.indexOf('## Security headers') + 1));
    expect(section).to.contain(source);
    expect(section).to.contain('npm i helmet');
  });

  onEachDatabase('a shop page with the banner', (db) => {
    it("cspDirectives() asks for 'self' in the four directives the banner uses, whatever the mount path and publicUrl; once, frozen", async function () {
      const { privacy } = await cspHost(db().url, 'none', { mountPath: '/gdpr', publicUrl: 'https://www.shop.example' });
      const directives = privacy.cspDirectives();
      expect(directives).to.deep.equal({ scriptSrc: ["'self'"], styleSrc: ["'self'"], formAction: ["'self'"], connectSrc: ["'self'"] });
      expect(privacy.cspDirectives()).to.equal(directives);
      expect(Object.isFrozen(directives) && Object.isFrozen(directives.scriptSrc)).to.equal(true);
      await privacy.close();
    });

    it("with the shop's own nonce set before privacy.middleware(), the banner's script carries it, under 'strict-dynamic'", async function () {
      const { app, privacy } = await cspHost(db().url, 'nonce');
      const res = await request(app).get('/').expect(200);
      const csp = directivesOf(res.headers['content-security-policy']);
      const nonce = bannerNonce(res.text);
      expect(nonce, 'the banner is on the page').to.be.a('string');
      expect(csp.get('script-src')).to.deep.equal([`'nonce-${nonce}'`, "'strict-dynamic'", "'self'"]);
      // The shop's own inline script carries the same nonce: one per response, the shop's.
      expect(res.text).to.contain(`<script nonce="${nonce}">`);
      await privacy.close();
    });

    it("without a nonce, script-src 'self' merged with cspDirectives() keeps helmet's other defaults and adds connect-src", async function () {
      const { app, privacy } = await cspHost(db().url, 'self');
      const res = await request(app).get('/').expect(200);
      const csp = directivesOf(res.headers['content-security-policy']);
      expect(bannerNonce(res.text), 'the banner is on the page').to.be.a('string');
      expect(csp.get('script-src')).to.deep.equal(["'self'"]);
      // What the shop left out stays as helmet has it: its own inline styles still work.
      expect(csp.get('style-src')).to.deep.equal(["'self'", 'https:', "'unsafe-inline'"]);
      expect(csp.get('form-action')).to.deep.equal(["'self'"]);
      expect(csp.get('connect-src')).to.deep.equal(["'self'"]);
      expect(csp.get('script-src-attr')).to.deep.equal(["'none'"]);
      // The module's own page, behind the shop's helmet, is sent with the module's strict policy instead.
      const page = await request(app).get('/privacy/cookies').expect(200);
      expect(directivesOf(page.headers['content-security-policy']).get('style-src')).to.deep.equal(["'self'"]);
      expect(directivesOf(page.headers['content-security-policy']).get('frame-ancestors')).to.deep.equal(["'none'"]);
      await privacy.close();
    });

    it('with no CSP at all, the page has the banner and no policy header; the module’s own pages keep their strict one', async function () {
      const { app, privacy } = await cspHost(db().url, 'none');
      const res = await request(app).get('/').expect(200);
      expect(res.headers['content-security-policy']).to.equal(undefined);
      expect(bannerNonce(res.text), 'the banner is on the page').to.be.a('string');
      const page = await request(app).get('/privacy/cookies').expect(200);
      const csp = directivesOf(page.headers['content-security-policy']);
      expect(csp.get('script-src')?.[0]).to.equal("'self'");
      expect(csp.get('style-src')).to.deep.equal(["'self'"]);
      expect(csp.get('frame-ancestors')).to.deep.equal(["'none'"]);
      await privacy.close();
    });
  });
});
