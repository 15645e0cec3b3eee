// The district console in a real browser (tests/integration/085-*.sh
// starts a real kabar-district, its villages' records already sent):
// at a phone's 360 px and an office PC's 1280 px, an officer logs in,
// sees the villages with the quiet one marked, the complaints across
// villages by age and category with a resident's markup shown as text,
// a campaign's results as a chart per option and per village, and
// downloads its CSV; then logs out. With KABAR_LANGUAGE=en, the same in
// English. Screenshots go to $KABAR_SHOTS as district-WIDTH-PAGE.png.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { env, URL0, SHOTS, WAIT, MULT, launch, watchedPage } from './helpers.mjs';

const EN = process.env.KABAR_LANGUAGE === 'en';
const W = EN ? {
  nav: ['Villages', 'Complaints', 'Campaigns'], phone: 'Phone number', password: 'Password', login: 'Log in',
  logout: 'Log out', title: 'Log in to the district console', quiet: 'quiet', active: 'active',
  byAge: 'Open complaints by age and category', results: 'Results', csv: 'Download CSV', perVillage: /^Per village/,
  overall: 'Whole district', status: 'Status', closed: 'closed', village: 'Village', complaints: /complaints$/,
} : {
  nav: ['Desa', 'Aduan', 'Kampanye'], phone: 'Nomor HP', password: 'Kata sandi', login: 'Masuk',
  logout: 'Keluar', title: 'Masuk ke konsol kabupaten', quiet: 'sepi', active: 'aktif',
  byAge: 'Aduan terbuka menurut umur dan kategori', results: 'Hasil', csv: 'Unduh CSV', perVillage: /^Per desa/,
  overall: 'Seluruh kabupaten', status: 'Status', closed: 'ditutup', village: 'Desa', complaints: /aduan$/,
};
const VIEWPORTS = EN ? [{ width: 1280, height: 800 }] : [{ width: 360, height: 740 }, { width: 1280, height: 800 }];

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

for (const vp of VIEWPORTS) {
  describe(`district console at ${vp.width} px${EN ? ' in English' : ''}`, { timeout: 120000 * MULT }, () => {
    let ctx, page;
    const problems = [];
    const tag = `district-${EN ? 'en-' : ''}${vp.width}`;
    // Nothing makes the whole page scroll sideways on this screen.
    const shot = async (name) => {
      const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(sw <= iw, `${name} is ${sw} px wide on a ${iw} px screen`);
      await page.screenshot({ path: `${SHOTS}/${tag}-${name}.png`, fullPage: true, timeout: 15000 });
    };
    const open = async (label) => {
      await page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: label, exact: true }).waitFor();
    };
    before(async () => {
      ctx = await browser.newContext({ viewport: { width: vp.width, height: vp.height },
        locale: EN ? 'en-GB' : 'id-ID', timezoneId: 'Asia/Jakarta', acceptDownloads: true });
      ctx.setDefaultTimeout(WAIT);
      page = await watchedPage(ctx, problems);
    });
    after(async () => { if (ctx) await ctx.close(); });

    test('log in; the villages, the quiet one marked', async () => {
      await page.goto(URL0 + '/');
      // Before login the language is the district's when the API said it.
      await page.getByRole('heading', { name: W.title }).waitFor();
      await shot('login');
      await page.getByLabel(W.phone).fill('0812-0000-0001');
      await page.getByLabel(W.password).fill('not the password');
      await page.getByRole('button', { name: W.login, exact: true }).click();
      await page.getByRole('alert').waitFor();
      await page.getByLabel(W.password).fill(env('KABAR_OFFICER_PASSWORD'));
      await page.getByRole('button', { name: W.login, exact: true }).click();
      await page.getByRole('button', { name: W.logout }).waitFor();
      assert.deepEqual(await page.getByRole('navigation').getByRole('link').allInnerTexts(), W.nav);
      assert.equal(await page.evaluate(() => document.documentElement.lang), EN ? 'en' : 'id');
      await page.getByRole('heading', { level: 1, name: W.nav[0] }).waitFor();
      await page.getByRole('button', { name: W.logout }).waitFor();
      const sungai = page.locator('tr[data-village="sungai"]');
      await sungai.getByText('Sungai <Raya>', { exact: true }).waitFor();
      await sungai.getByText(W.active, { exact: true }).waitFor();
      await page.locator('tr[data-village="diam"]').getByText(W.quiet, { exact: true }).waitFor();
      await shot('desa');
    });

    test('complaints across villages, by age and category, text as text', async () => {
      await open(W.nav[1]);
      await page.getByRole('heading', { name: W.byAge }).waitFor();
      await page.locator('tr[data-category="PU"]').waitFor();
      const item = page.locator('li[data-ticket="100002"]');
      await item.getByText('<script>alert(1)</script> jalan <b>rusak</b>').waitFor();
      assert.equal(await page.locator('main b, main script').count(), 0, 'markup from a resident rendered');
      await page.getByLabel(W.village).selectOption('sungai');
      await page.locator('li[data-ticket="200001"]').waitFor();
      await page.locator('li[data-ticket="100002"]').waitFor({ state: 'detached' });
      await page.getByText(W.complaints).first().waitFor();
      await shot('aduan');
    });

    test('a campaign as bar charts, its CSV downloaded', async () => {
      await open(W.nav[2]);
      const card = page.locator('article[data-code="AIR"]');
      await card.getByRole('button', { name: W.results }).click();
      const chart = card.getByRole('img', { name: new RegExp('^' + W.overall) });
      await chart.waitFor();
      assert.match(await chart.getAttribute('aria-label'), /1\. Sumur bor 1, 2\. =PDAM 2, 3\. @Hujan 0/);
      assert.equal(await chart.locator('g.bar').count(), 3);
      await card.getByText(W.perVillage).click();
      await card.getByRole('img', { name: /^Sungai <Raya> · Kubu: / }).waitFor();
      await shot('kampanye');
      const [dl] = await Promise.all([page.waitForEvent('download'),
        card.getByRole('link', { name: W.csv }).click()]);
      assert.equal(dl.suggestedFilename(), 'campaign-AIR.csv');
      const text = readFileSync(await dl.path(), 'utf8');
      const survey = page.locator('article[data-code="SEHAT"]');
      await survey.getByRole('button', { name: W.results }).click();
      const q1 = survey.getByRole('img', { name: /^1\. Punya BPJS\?: Ya 1, Tidak 0$/ });
      await q1.waitFor();
      await survey.getByText(/^1\. Punya BPJS\? · 1 /).waitFor();
      await survey.getByText(/2\. Umur\?/).waitFor();
      await survey.getByRole('img', { name: new RegExp('^' + W.perVillage.source.slice(1) + ': .*Sungai <Raya> 1') }).waitFor();
      assert.match(text, /^village,name,region,option,label,count,percent\r\n\(all\),,,1,Sumur bor,1,33\.3\r\n\(all\),,,2,'=PDAM,2,66\.7\r\n/);
    });

    test('log out', async () => {
      await page.getByRole('button', { name: W.logout }).click();
      await page.getByRole('heading', { name: W.title }).waitFor();
      const me = await ctx.request.get(URL0 + '/api/v1/me');
      assert.equal(me.status(), 401);
      assert.deepEqual(problems, []);
    });
  });
}
