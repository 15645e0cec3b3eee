// The console of a gateway whose language is English (046): after login
// every label is English; resident text is still shown as typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { env, URL0, SHOTS, WAIT, MULT, inject, sql, launch, watchedPage } from './helpers.mjs';

const LABELS = ['Home', 'Complaints', 'Letters', 'Queue', 'Polls', 'Surveys', 'Broadcast', 'Residents',
  'Modems', 'Sync', 'Satisfaction'];
let browser, ctx, page;
const problems = [];
before(async () => {
  browser = await launch();
  ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  ctx.setDefaultTimeout(WAIT);
  page = await watchedPage(ctx, problems);
});
after(async () => { if (browser) await browser.close(); });

test('an English gateway: English labels after login', { timeout: 90000 * MULT }, async () => {
  await page.goto(URL0 + '/');
  // Before login the page cannot know the gateway's language unless the
  // API says so; either language is right here.
  await page.getByLabel(/^(Nomor HP|Phone number)$/).fill('081200000001');
  await page.getByLabel(/^(Kata sandi|Password)$/).fill(env('KABAR_HEAD_PASSWORD'));
  await page.getByRole('button', { name: /^(Masuk|Log in)$/ }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  assert.deepEqual(await page.getByRole('navigation').getByRole('link').allInnerTexts(), LABELS);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  await page.getByText('New complaints').waitFor();
  await page.screenshot({ path: `${SHOTS}/en-home.png`, fullPage: true });

  await page.getByRole('navigation').getByRole('link', { name: 'Complaints' }).click();
  await page.getByRole('heading', { level: 1, name: 'Complaints' }).waitFor();
  inject('081311112222', 'COMPLAINT #PU The road to the school is <b>flooded</b>');
  const item = page.getByRole('button', { name: /The road to the school is <b>flooded<\/b>/ });
  await item.waitFor();
  await item.click();
  await page.getByLabel('New status').waitFor();
  await page.getByRole('button', { name: 'Save' }).waitFor();
  assert.equal(await page.locator('main b').count(), 0, 'markup from a resident rendered');
  await page.screenshot({ path: `${SHOTS}/en-complaints.png`, fullPage: true });

  // 31 idle minutes later: the page's own refresh finds the session
  // expired and asks for the password again, saying why.
  sql('UPDATE console_sessions SET seen_at = seen_at - 1860');
  await page.getByRole('heading', { name: 'Log in to the village console' }).waitFor();
  await page.getByText('Your session ended. Please log in again.').waitFor();
  await page.screenshot({ path: `${SHOTS}/en-expired.png`, fullPage: true });
  await page.getByLabel('Phone number').fill('+6281200000001');
  await page.getByLabel('Password').fill(env('KABAR_HEAD_PASSWORD'));
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Complaints' }).waitFor();

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Log in to the village console' }).waitFor();
  assert.deepEqual(problems, []);
});
