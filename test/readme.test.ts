import fs from 'node:fs';
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../examples/minimal/app.js';
import { onEachDatabase } from './support/databases.js';

const readme = fs.readFileSync('README.md', 'utf8');

describe('the README', function () {
  it('shows the mounting example exactly as examples/minimal/app.ts has it', function () {
    const source = fs.readFileSync('examples/minimal/app.ts', 'utf8').trim();
    expect(readme).to.contain(source);
  });

  it('gives the two set-up commands: run the example shop, run the tests', function () {
    expect(readme).to.contain('npm install && npm start');
    expect(readme).to.contain('npm install && npm test');
  });
});

onEachDatabase('the README mounting example', (db) => {
  it('serves the policy and links to it from the host page', async function () {
    const { app, db: knex } = await createApp(db().url);
    const home = await request(app).get('/').expect(200);
    expect(home.text).to.contain('href="/privacy/policy"');
    const policy = await request(app).get('/privacy/policy').expect(200);
    expect(policy.text).to.contain('SIA KRAUD');
    await knex.destroy();
  });
});
