// Siaran in quiet hours (047): the estimate warns, Kirim still asks to
// confirm, and the progress bar shows every SMS held for the quiet hours,
// none sent, the broadcast not done.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { env, URL0, SHOTS, WAIT, MULT, inject, sql, until, launch, watchedPage } from './helpers.mjs';

let browser, ctx, page;
const problems = [];
before(async () => {
  browser = await launch();
  ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID' });
  ctx.setDefaultTimeout(WAIT);
  page = await watchedPage(ctx, problems);
});
after(async () => { if (browser) await browser.close(); });

test('a broadcast in quiet hours is held, and the page says so', { timeout: 90000 * MULT }, async () => {
  const phones = ['081355550001', '081355550002'];
  for (const p of phones) inject(p, 'DAFTAR Warga #RT02');
  await until('registrations', () => sql("SELECT COUNT(*) FROM residents WHERE grp = 'RT02'") === '2');
  await page.goto(URL0 + '/#/siaran');
  await page.getByLabel('Nomor HP').fill('081200000001');
  await page.getByLabel('Kata sandi').fill(env('KABAR_HEAD_PASSWORD'));
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Siaran' }).waitFor();
  await page.getByLabel('Grup').selectOption('RT02');
  await page.getByLabel('Pesan').fill('Posyandu besok pagi');
  await page.locator('[data-role=recipients]').getByText('2', { exact: true }).waitFor();
  await page.getByText('Sekarang jam tenang').waitFor();
  await page.getByRole('button', { name: 'Kirim', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Ya, kirim' }).click();
  const prog = page.getByRole('region', { name: 'Kemajuan' });
  await prog.getByText('ditahan (jam tenang): 2').waitFor();
  assert.equal(await prog.getByText('terkirim: 0').count(), 1);
  assert.equal(await prog.getByText('menunggu jam tenang berakhir', { exact: true }).count(), 1);
  assert.equal(await prog.getByText('selesai', { exact: true }).count(), 0, 'held, yet shown as done');
  assert.equal(await prog.getByRole('progressbar').getAttribute('aria-valuetext'), '0 / 2');
  await page.screenshot({ path: `${SHOTS}/quiet-siaran.png`, fullPage: true });
  assert.deepEqual(problems, []);
});
