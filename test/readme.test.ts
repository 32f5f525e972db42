import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../examples/minimal/app.js';
import { onEachDatabase } from './support/databases.js';

const readme = fs.readFileSync('README.md', 'utf8');

/** The README is a front page; the reference lives in docs/. 12 KB, counted as 12,000 bytes. */
const frontPageBytes = 12_000;

/** The pages whose links are checked: the README and every Markdown page in docs/. */
const pages = [
  'README.md',
  ...fs
    .readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join('docs', name)),
];

/** The text outside fenced code blocks and inline code, where a `[a](b)` is not a link. */
function prose(markdown: string): string {
  return markdown
    .split(/^```.*$/m)
    .filter((_, i) => i % 2 === 0)
    .join('\n')
    .replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens; repeats get -1, -2. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading = ''] of markdown
    .split(/^```.*$/m)
    .filter((_, i) => i % 2 === 0)
    .join('\n')
    .matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Every relative link of a page: `[text](target)`, web addresses and mail links aside. */
function relativeLinks(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map(([, target = '']) => target)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe('the README', function () {
  it('shows the mounting example exactly as examples/minimal/app.ts has it', function () {
    const source = fs.readFileSync('examples/minimal/app.ts', 'utf8').trim();
    expect(readme).to.contain(source);
  });

  it('gives the two set-up commands: run the example shop, run the tests', function () {
    expect(readme).to.contain('npm install && npm start');
    expect(readme).to.contain('npm install && npm test');
  });

  it('stays a front page: under 12 KB, the reference in docs/', function () {
    expect(Buffer.byteLength(readme, 'utf8')).to.be.below(frontPageBytes);
    for (const page of ['docs/options.md', 'docs/api.md', 'docs/operations.md', 'docs/cookies.md', 'docs/performance.md']) {
      expect(
        relativeLinks(readme).map((link) => link.split('#')[0]),
        `the README's map of docs links ${page}`,
      ).to.include(page);
    }
  });

  it('links, from it and from every page in docs/, only to files and headings that exist', function () {
    const broken: string[] = [];
    for (const page of pages) {
      const text = fs.readFileSync(page, 'utf8');
      for (const link of relativeLinks(text)) {
        const [file = '', anchor] = link.split('#');
        const target = file === '' ? page : path.join(path.dirname(page), decodeURI(file));
        if (!fs.existsSync(target)) {
          broken.push(`${page}: ${link} (no file ${target})`);
          continue;
        }
        if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(fs.readFileSync(target, 'utf8')).has(anchor)) {
          broken.push(`${page}: ${link} (no heading #${anchor} in ${target})`);
        }
      }
    }
    expect(broken).to.deep.equal([]);
  });
});

onEachDatabase('the README mounting example', (db) => {
  it('serves the policy and links to it from the host page', async function () {
    const { app, db: knex } = await createApp(db().url);
    const home = await request(app).get('/').expect(200);
    expect(home.text).to.contain('href="/privacy/policy"');
    const policy = await request(app).get('/privacy/policy').expect(200);
    // The example's own company, and none of the xparts.lv policy: no preset, so the neutral defaults.
    expect(policy.text).to.contain('SIA Piemēra Veikals').and.to.contain('40000000000');
    for (const borrowed of ['KRAUD', 'Grāmatvedības likuma 28', 'Videonovērošana']) expect(policy.text).not.to.contain(borrowed);
    await knex.destroy();
  });
});
