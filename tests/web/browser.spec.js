// browser.spec.js BASE_URL SHOT_DIR: drives Debian's headless Chromium through
// playwright-core against a running `stackwatch serve` with the real curated
// snapshot imported. Sorts, filters (with and without JavaScript), opens a
// repo page, submits a repo, asserts on the DOM; then every page at phone and
// desktop width in light and dark mode: no horizontal overflow, no
// overlapping chart text, dark mode dark; saves screenshots (CI artifacts).
// Expected figures were computed with Python over the CSV (docs/web.md).
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const os = require('os');
const path = require('path');

const base = process.argv[2];
const shots = process.argv[3];
fs.mkdirSync(shots, { recursive: true });

let failures = 0;
function check(cond, what) {
  if (cond) { console.log('ok   ' + what); return; }
  console.log('FAIL ' + what);
  failures++;
}

async function rows(page) {
  return page.$$eval('#repos tbody tr[data-repo]', trs => trs.map(t => t.dataset.repo));
}
async function total(page) {
  return Number(await page.getAttribute('#count', 'data-total'));
}

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  const consoleErrors = [];
  // HTTP error statuses we provoke on purpose (400, 404) log "Failed to load
  // resource"; anything else (CSP refusals, script errors) is a failure.
  page.on('console', m => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) consoleErrors.push(m.text()); });
  page.on('pageerror', e => consoleErrors.push(String(e)));
  let dialogs = 0;
  page.on('dialog', d => { dialogs++; d.dismiss(); });
  try {
    // 1. The list.
    await page.goto(base + '/');
    check((await page.title()).includes('stackwatch'), 'list page title');
    let r = await rows(page);
    check(r.length === 50, 'list shows 50 rows per page (got ' + r.length + ')');
    check(r[0] === 'tensorflow/tensorflow', 'most-starred first: ' + r[0]);
    check(await total(page) === 680, 'total 680 repos');
    check((await page.textContent('#refreshed')).includes('2024-11-05'), 'last refreshed shows the snapshot date');
    await page.screenshot({ path: path.join(shots, 'list.png') });

    // 2. Sort by 7-day gain (click the header), then flip it.
    await Promise.all([page.waitForNavigation(), page.click('th[data-sort="star_7d"] a')]);
    check(page.url().includes('sort=star_7d'), 'sort is carried in the URL');
    r = await rows(page);
    check(r[0] === 'abi/screenshot-to-code', 'top 7-day gainer: ' + r[0]);
    check(await page.getAttribute('th[data-sort="star_7d"]', 'aria-sort') === 'descending', 'header marks descending');
    await page.screenshot({ path: path.join(shots, 'sorted.png') });
    await Promise.all([page.waitForNavigation(), page.click('th[data-sort="star_7d"] a')]);
    r = await rows(page);
    check(r[0] === 'akshata29/entaoai', 'ascending 7-day gain, ties by name: ' + r[0]);
    check(await page.getAttribute('th[data-sort="star_7d"]', 'aria-sort') === 'ascending', 'header marks ascending');

    // 3. Filter by layer (the menu applies itself with JS), then search.
    await page.goto(base + '/');
    await Promise.all([page.waitForNavigation(), page.selectOption('#f-layer', 'AI engineering')]);
    check(await total(page) === 179, 'layer AI engineering: 179 repos (got ' + await total(page) + ')');
    await page.fill('#f-q', 'llama');
    await Promise.all([page.waitForNavigation(), page.press('#f-q', 'Enter')]);
    check(await total(page) === 14, 'AI engineering + "llama": 14 repos (got ' + await total(page) + ')');
    check(page.url().includes('layer=AI+engineering') || page.url().includes('layer=AI%20engineering'), 'filter state in URL');
    const layers = await page.$$eval('#repos tbody tr td:nth-child(3)', tds => tds.map(t => t.textContent));
    check(layers.length === 14 && layers.every(l => l === 'AI engineering'), 'every row is in the layer');
    await page.screenshot({ path: path.join(shots, 'filtered.png') });

    // 4. Without JavaScript: server-side filter, sort and paging.
    const p2 = await ctx.newPage();
    await p2.route('**/static/app.js', route => route.abort());
    await p2.goto(base + '/?per=25&page=2&sort=name');
    r = await rows(p2);
    check(r.length === 25, 'no-JS: page 2 of 25 has 25 rows');
    check((await p2.textContent('#count')).includes('Showing 26–50 of 680'), 'no-JS: paging summary');
    await p2.selectOption('#f-layer', 'Tutorials');
    await Promise.all([p2.waitForNavigation(), p2.click('#f-apply')]);
    check(await total(p2) === 19, 'no-JS: Apply button filters to Tutorials (19)');
    await p2.close();

    // 5. A repo page.
    await page.goto(base + '/?q=llama.cpp');
    await Promise.all([page.waitForNavigation(), page.click('tr[data-repo="ggerganov/llama.cpp"] td.repo a')]);
    check(page.url().endsWith('/r/ggerganov/llama.cpp'), 'repo link opens /r/OWNER/REPO');
    check((await page.textContent('#repo-name')) === 'ggerganov/llama.cpp', 'repo page heading');
    check(await page.getAttribute('#gh-link', 'href') === 'https://github.com/ggerganov/llama.cpp', 'GitHub link');
    check((await page.$$('#star-chart circle')).length === 2, 'star chart has one point per snapshot (2)');
    check((await page.textContent('#class-source')).includes('curated'), 'classification source shown');
    const snapRows = await page.$$eval('table[data-table="snapshots"] tbody tr', t => t.length);
    check(snapRows === 2, 'snapshot table has 2 rows');
    await page.screenshot({ path: path.join(shots, 'repo.png'), fullPage: true });

    // 6. Escaping of a description with "<".
    await page.goto(base + '/r/pytorch-labs/gpt-fast');
    check((await page.textContent('#repo-desc')).includes('in <1000 LOC of python'), 'description with < shown as text');

    // 7. Submit: a script in the name is refused and shown inert; a good one is stored as pending.
    await page.goto(base + '/submit');
    await page.fill('#s-repo', '<script>alert(1)</script>/x');
    await Promise.all([page.waitForNavigation(), page.click('#s-submit')]);
    check((await page.textContent('#notice')).includes('not a valid OWNER/REPO'), 'bad name refused with a message');
    check(dialogs === 0, 'no script ran');
    await page.fill('#s-repo', 'https://github.com/example-org/new-model');
    await page.selectOption('#s-layer', 'Applications');
    await Promise.all([page.waitForNavigation(), page.click('#s-submit')]);
    check((await page.textContent('#notice')).includes('example-org/new-model is now pending review'), 'submission accepted as pending');
    await page.screenshot({ path: path.join(shots, 'submit.png') });
    const resp = await page.goto(base + '/r/example-org/new-model');
    check(resp.status() === 404, 'pending repo is not tracked yet');

    // 8. Admin review (the script starts the server with STACKWATCH_ADMIN_TOKEN).
    await page.goto(base + '/admin');
    await page.fill('#a-token', process.env.SW_TEST_ADMIN_TOKEN);
    await Promise.all([page.waitForNavigation(), page.click('#login-form button')]);
    check(await page.$('tr[data-repo="example-org/new-model"]') !== null, 'admin sees the pending submission');
    check((await page.textContent('tr[data-repo="example-org/new-model"]')).includes('Applications'), 'with its proposed layer');
    await page.screenshot({ path: path.join(shots, 'admin.png') });
    await Promise.all([page.waitForNavigation(), page.click('tr[data-repo="example-org/new-model"] button[value="accept"]')]);
    check((await page.textContent('#pending-count')).startsWith('0 pending'), 'nothing left to review');
    const accepted = await page.goto(base + '/r/example-org/new-model');
    check(accepted.status() === 200, 'accepted repo has a page');
    check((await page.textContent('#class-source')).includes('override'), 'proposed layer became an override label');

    // 9. Report page.
    await page.goto(base + '/report');
    check(await page.$('#report') !== null, 'report page renders');
    check((await page.textContent('#history')).includes('627 have one, 53 have two'), 'report says what history it rests on');
    await page.screenshot({ path: path.join(shots, 'report.png'), fullPage: true });

    // 10. Models: the benchmark menu works without script, the finding is a sentence.
    await page.goto(base + '/models');
    check((await page.textContent('#finding')).startsWith('Open weights trail closed models by'), 'models finding in words');
    await page.selectOption('#b-bench', 'epoch_capabilities_index');
    await Promise.all([page.waitForNavigation(), page.click('#b-apply')]);
    check(page.url().includes('benchmark=epoch_capabilities_index'), 'benchmark carried in the URL');
    check((await page.textContent('#finding')).includes('on epoch_capabilities_index'), 'the finding is about the chosen benchmark');
    const bad = await page.goto(base + '/models?benchmark=nope');
    check(bad.status() === 404, 'unknown benchmark is a 404');

    // 11. API documentation with live examples.
    await page.goto(base + '/api');
    for (const id of ['repos', 'repo', 'report', 'models'])
      check(await page.$('dt#' + id) !== null, 'API page documents ' + id);
    check((await page.textContent('dl.api')).includes('"total":'), 'API example answers are real');

    // 12. Every page at phone and desktop width, light and dark: no
    // horizontal overflow, no table squeezed to a letter a line, no chart
    // text overlapping other text, legible
    // chart text, dark mode really dark. Screenshots for each.
    const pages = [['list', '/'], ['repo', '/r/jmorganca/ollama'], ['report', '/report'], ['models', '/models'], ['models-eci', '/models?benchmark=epoch_capabilities_index'],
                   ['submit', '/submit'], ['api', '/api']];
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [w, h] of [[390, 900], [1400, 900]]) {
        await page.setViewportSize({ width: w, height: h });
        for (const [name, url] of pages) {
          await page.goto(base + url);
          const m = await page.evaluate(() => {
            const boxes = [];
            let overlaps = [], minText = 1e9;
            document.querySelectorAll('svg').forEach((svg, si) => {
              const r = svg.getBoundingClientRect();
              if (!r.width || !r.height) return; // the drawing for the other width class
              const t = Array.from(svg.querySelectorAll('text')).map(el => ({ el, b: el.getBoundingClientRect() }))
                .filter(x => x.b.width > 0 && x.b.height > 0 && x.el.textContent.trim());
              t.forEach(x => { minText = Math.min(minText, x.b.height); });
              for (let i = 0; i < t.length; i++)
                for (let j = i + 1; j < t.length; j++) {
                  const a = t[i].b, b = t[j].b;
                  const ix = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                  const iy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                  if (ix > 0.5 && iy > 0.5)
                    overlaps.push('svg ' + si + ': "' + t[i].el.textContent + '" / "' + t[j].el.textContent + '"');
                }
            });
            // A header squeezed to a letter a line is far taller than one line.
            const tall = Array.from(document.querySelectorAll('.tablewrap table th')).map(th => th.getBoundingClientRect())
              .filter(b => b.height > 60).length;
            const bg = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
            return { sw: document.documentElement.scrollWidth, iw: window.innerWidth, overlaps, minText, tall,
                     lum: (0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2]) / 255 };
          });
          const tag = name + ' ' + w + 'px ' + scheme;
          check(m.sw <= m.iw, tag + ': no horizontal overflow (' + m.sw + ' <= ' + m.iw + ')');
          check(m.tall === 0, tag + ': table headers keep their words on one line or two (' + m.tall + ' squeezed)');
          check(m.overlaps.length === 0, tag + ': no overlapping chart labels ' + JSON.stringify(m.overlaps.slice(0, 5)));
          check(m.minText === 1e9 || m.minText >= 9, tag + ': chart text legible (smallest ' + m.minText.toFixed(1) + 'px)');
          check(scheme === 'dark' ? m.lum < 0.2 : m.lum > 0.8, tag + ': ' + scheme + ' background (luminance ' + m.lum.toFixed(2) + ')');
          await page.screenshot({ path: path.join(shots, name + '-' + w + '-' + scheme + '.png'), fullPage: true });
        }
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(base + '/');
    check(await page.isHidden('#f-layer'), 'phone: the layer filter waits behind More filters');
    await page.click('label[for=f-more]');
    check(await page.isVisible('#f-layer'), 'phone: More filters shows it (no script needed)');
    check(await page.isHidden('#repos thead'), 'phone: the list is cards, without the header row');

    check(consoleErrors.length === 0, 'no console/CSP errors: ' + JSON.stringify(consoleErrors));
  } catch (e) {
    console.log('FAIL exception: ' + (e && e.stack || e));
    failures++;
  } finally {
    await ctx.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(failures ? failures + ' check(s) failed' : 'all browser checks passed');
  process.exit(failures ? 1 : 0);
})();
