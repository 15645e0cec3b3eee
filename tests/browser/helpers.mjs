// What the browser tests share: the kabard under test (from the
// environment its integration script sets), the database and the
// simulated phone, bounded waits, and chromium.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export function env(k) {
  if (!process.env[k]) throw new Error(`${k} is not set (run the tests through tests/integration/045-*.sh, 046-*.sh)`);
  return process.env[k];
}
export const URL0 = env('KABAR_URL');
export const DB = env('KABAR_DB');
export const CONF = env('KABAR_CONF');
export const KABAR = env('KABAR_BIN');
export const SHOTS = env('KABAR_SHOTS');
export const MULT = Number(process.env.GW_TEST_TIMEOUT_MULT || 1);
export const WAIT = 20000 * MULT;	// the longest any one thing may take to show
mkdirSync(SHOTS, { recursive: true });

export function sql(q) {
  return execFileSync('sqlite3', ['-batch', '-noheader', DB, q], { encoding: 'utf8', timeout: 10000 }).trim();
}
// A received SMS on the dummy modem, as a resident's phone would send it.
export function inject(from, text) {
  execFileSync(KABAR, ['-c', CONF, 'inject', '--from', from, text], { timeout: 10000 });
}
// until(what, fn): fn() true within the deadline (a condition outside the
// page, such as a row in the database), checked every 100 ms.
export async function until(what, fn, ms = WAIT) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 30000,
    // As root chromium needs --no-sandbox; with no internet, nothing in the
    // background may try to reach one.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
}
// A new page that records script errors and CSP violations in problems
// (chromium logs the refusals the tests expect: a 401 on the first look
// for a session, after logging out and for a wrong password, a 429 when
// locked out), and never lets the browser ask anything but kabard.
export async function watchedPage(ctx, problems) {
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|429) /.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  await ctx.route((u) => !u.href.startsWith(URL0), (r) => {
    problems.push('left loopback: ' + r.request().url());
    r.abort();
  });
  return page;
}
