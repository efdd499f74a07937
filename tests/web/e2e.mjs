// e2e.mjs BASE_URL: drives the page that `newssift serve` serves in Debian's
// headless Chromium and checks what a person would see.  Prints TAP lines
// (`ok N - what` / `not ok N - what`); tests/cli/web.sh starts the server.
//
// The test never trusts the page's own reading of the report: it takes the
// report from the network answer the page received, cuts each span out of
// page.text with Node's Buffer (UTF-8 bytes, independent of the page's
// byte -> character code) and compares that with the text highlighted on screen.
import { chromium } from 'playwright-core';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const base = (process.argv[2] || '').replace(/\/$/, '');
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) {
  console.log('not ok 1 - usage: node e2e.mjs http://127.0.0.1:PORT');
  process.exit(1);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const exampleDir = existsSync(join(root, '..', 'shared', 'examples', 'syria-page.html'))
  ? join(root, '..', 'shared', 'examples') : join(root, 'examples');
const shots = process.env.WEB_SCREENSHOTS || '/tmp';
const MAX_BODY = Number(process.env.WEB_MAX_BODY || 1000000); // what web.sh gives --max-body
let n = 0, failed = 0;
function report(good, what, why) {
  n++;
  if (good) console.log(`ok ${n} - ${what}`);
  else { failed++; console.log(`not ok ${n} - ${what}`); if (why) console.log(`# ${String(why).split('\n').join('\n# ')}`); }
}
async function check(what, fn) {
  try { await fn(); report(true, what); } catch (e) { report(false, what, e && e.stack ? e.message : e); }
}
function expect(cond, msg) { if (!cond) throw new Error(msg); }
function eq(got, want, what) {
  if (JSON.stringify(got) !== JSON.stringify(want))
    throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}
const T = 15000; // generous per wait: one analysis takes milliseconds

// Everything the report highlights in the page view, with the id the page
// gives it (data-ev) and the text the span covers, cut out in UTF-8 bytes.
function expectedHighlights(r) {
  const buf = Buffer.from(r.page.text, 'utf8');
  const cut = (s) => buf.subarray(s[0], s[1]).toString('utf8');
  const out = [];
  const add = (id, span) => { if (span && span[1] > span[0]) out.push({ id, want: cut(span) }); };
  r.content.evidence.forEach((e, i) => add(`content-${i}`, e.span));
  r.headline.markers.forEach((m, i) => add(`marker-${i}`, m.span));
  r.sourcing.quotes.forEach((q, i) => { add(`quote-${i}`, q.span); add(`speaker-${i}`, q.speaker_span); });
  r.sourcing.cited.forEach((c, i) => add(`cited-${i}`, c.span));
  r.sourcing.vague.forEach((v, i) => add(`vague-${i}`, v.span));
  r.sourcing.propaganda.forEach((p, i) => add(`prop-${i}`, p.span));
  r.comments.forEach((c, ci) => {
    add(`c${ci}-author`, c.author_span);
    if (c.label !== 'ok') c.evidence.forEach((e, j) => add(`c${ci}-e${j}`, e.span));
  });
  return out;
}

// The text on screen of each highlighted item, in document order of its runs.
async function shownHighlights(page, scope) {
  return page.evaluate((sel) => {
    const got = {};
    for (const m of document.querySelectorAll(`${sel} mark[data-ev]`))
      for (const id of m.dataset.ev.split(' ')) got[id] = (got[id] || '') + m.textContent;
    return got;
  }, scope);
}

async function allHighlightsMatch(page, r) {
  const want = expectedHighlights(r);
  expect(want.length > 0, 'the report has no spans to check');
  const got = await shownHighlights(page, '#page-view');
  for (const w of want) eq(got[w.id], w.want, `highlight ${w.id}`);
  eq(await page.locator('#page-view').evaluate((e) => e.textContent), r.page.text, 'page view text');
  return want.length;
}

// Chromium's inspector neither hands over a File body nor keeps every answer
// body, so the test wraps the page's fetch (before any script of the page
// runs) and records each POST /v1/analyze: its content type, its body bytes,
// the answer's status and text, exactly as the page sent and received them.
function recordAnalyzeRequests() {
  const realFetch = window.fetch.bind(window);
  const b64 = (bytes) => {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  };
  window.__sent = [];
  window.fetch = async (input, init) => {
    if (!String(input).endsWith('/v1/analyze')) return realFetch(input, init);
    const rec = { done: false };
    window.__sent.push(rec);
    const b = init && init.body;
    rec.type = new Headers(init && init.headers).get('content-type');
    rec.body = b64(b instanceof Blob ? new Uint8Array(await b.arrayBuffer())
      : new TextEncoder().encode(typeof b === 'string' ? b : ''));
    try {
      const res = await realFetch(input, init);
      rec.status = res.status;
      rec.text = await res.clone().text();
      return res;
    } catch (e) {
      rec.error = String(e);
      throw e;
    } finally {
      rec.done = true;
    }
  };
}

// Runs action (which makes the page POST /v1/analyze), waits until the page
// has shown the answer, and returns the request's content type and body and
// the answer's status and JSON.
async function analyzed(page, action) {
  const before = await page.evaluate(() => window.__sent.length);
  await action();
  await page.waitForFunction((k) => window.__sent.length > k && window.__sent[window.__sent.length - 1].done,
    before, { timeout: T });
  await page.waitForFunction(() => document.getElementById('app').dataset.state !== 'busy', null, { timeout: T });
  const x = await page.evaluate(() => window.__sent[window.__sent.length - 1]);
  if (x.error) throw new Error(`the request failed: ${x.error}`);
  let json = null;
  try { json = JSON.parse(x.text); } catch (_) { /* the callers check json */ }
  return { status: x.status, type: x.type, body: Buffer.from(x.body, 'base64'), json };
}

const watchdog = setTimeout(() => {
  report(false, 'the browser test finished within 120 s');
  process.exit(1);
}, 120000);

let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
} catch (e) {
  report(false, 'headless Chromium starts', e.message);
  process.exit(1);
}

const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
await context.addInitScript(recordAnalyzeRequests);
const page = await context.newPage();
const pageErrors = [], outside = [];
page.on('pageerror', (e) => pageErrors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
page.on('request', (q) => { if (!q.url().startsWith(base + '/') && !q.url().startsWith('data:')) outside.push(q.url()); });
mkdirSync(shots, { recursive: true });

try {
  await check('GET / shows the page with its form, styles and script', async () => {
    const res = await page.goto(base + '/', { waitUntil: 'load', timeout: T });
    eq(res.status(), 200, 'status of /');
    expect((await page.title()).includes('newssift'), 'title names newssift');
    await page.getByLabel(/Paste the page/).waitFor({ state: 'visible', timeout: T });
    const dashed = await page.locator('#drop-zone').evaluate((e) => getComputedStyle(e).borderTopStyle);
    eq(dashed, 'dashed', 'style.css applied to the drop zone');
  });

  await check('every form control has a label; buttons say what they do', async () => {
    const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input, textarea, select')]
      .filter((e) => !e.labels || !e.labels.length).map((e) => e.id || e.name));
    eq(unlabeled, [], 'controls without a label');
    await page.getByRole('button', { name: 'Analyze' }).waitFor({ timeout: T });
    await page.getByRole('button', { name: 'Use the example' }).waitFor({ timeout: T });
  });

  await check('an empty box is refused in the page with a message, without a request', async () => {
    let posted = false;
    const onReq = (q) => { if (q.url().endsWith('/v1/analyze')) posted = true; };
    page.on('request', onReq);
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.locator('#error').waitFor({ state: 'visible', timeout: T });
    expect((await page.locator('#error').textContent()).includes('Nothing to analyze'), 'message says why');
    page.off('request', onReq);
    expect(!posted, 'no request was sent');
  });

  // ---- the example ----
  const exampleText = readFileSync(join(root, 'examples', 'syria-page.txt'));
  let ex = null;
  await check('"Use the example" sends the bundled example as text/plain and gets a report', async () => {
    const a = await analyzed(page, () => page.getByRole('button', { name: 'Use the example' }).click());
    eq(a.status, 200, 'status');
    expect(/^text\/plain/.test(a.type), `content type ${a.type}`);
    expect(a.body.equals(exampleText), 'the body is examples/syria-page.txt byte for byte');
    ex = a.json;
    expect(ex && ex.page && typeof ex.trust === 'number', 'a report came back');
  });

  await check('the verdict "unreliable" and the trust number are shown', async () => {
    const verdict = page.locator('#verdict');
    await verdict.waitFor({ state: 'visible', timeout: T });
    eq(await verdict.textContent(), 'unreliable', 'verdict shown');
    eq(ex.verdict, 'unreliable', 'verdict in the report');
    const trust = page.locator('#trust');
    expect(await trust.isVisible(), 'trust visible');
    eq(await trust.textContent(), String(ex.trust), 'trust shown');
    expect(ex.trust >= 0 && ex.trust <= 100, 'trust in 0..100');
    const big = await trust.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(big >= 32, `the trust number is prominent (font ${big}px)`);
  });

  await check('the six signals are listed with score and share, or "no information"', async () => {
    const rows = page.locator('#signals > li');
    eq(await rows.count(), ex.signals.length, 'signal rows');
    for (const s of ex.signals) {
      const row = page.locator(`#signals > li[data-signal="${s.name}"]`);
      expect(await row.isVisible(), `${s.name} visible`);
      const text = await row.textContent();
      expect(text.includes(s.name), `${s.name} named`);
      if (s.score === null) expect(text.includes('no information'), `${s.name}: "no information"`);
      else {
        eq(await row.locator('.sig-score-value').textContent(), s.score.toFixed(2), `${s.name} score`);
        eq(await row.locator('.sig-share-value').textContent(), `${Math.round(s.share * 100)}%`, `${s.name} share`);
      }
    }
    expect(ex.signals.some((s) => s.score === null), 'the example has a signal with no information');
  });

  await check('"According to reports" is highlighted as a vague attribution, exactly that phrase', async () => {
    const i = ex.sourcing.vague.findIndex((v) => v.text === 'According to reports');
    expect(i >= 0, 'the report has the vague attribution');
    const marks = page.locator(`#page-view mark[data-ev~="vague-${i}"]`);
    expect(await marks.count() >= 1, 'a highlight exists');
    expect(await marks.first().isVisible(), 'the highlight is visible');
    eq((await marks.allTextContents()).join(''), 'According to reports', 'highlighted text');
    const bg = await marks.first().evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent', `it has a highlight colour (${bg})`);
    expect((await marks.first().getAttribute('title')).includes('Vague attribution'), 'its tooltip explains it');
  });

  await check('every span of the example report is highlighted over exactly its text', async () => {
    await allHighlightsMatch(page, ex);
  });

  await check('the legend names each kind of highlight, and unticking one removes it', async () => {
    for (const name of ['vague attribution', 'named source', 'propaganda-style sentence', 'pushed toward unreliable',
      'quote', 'speaker of a quote', 'headline bait', 'hateful comment'])
      expect(await page.locator('#legend').getByText(name, { exact: true }).count() === 1, `legend has "${name}"`);
    const box = page.getByLabel(/vague attribution/);
    await box.uncheck();
    eq(await page.locator('#page-view mark.k-vague').count(), 0, 'vague highlights after unticking');
    await box.check();
    expect(await page.locator('#page-view mark.k-vague').count() > 0, 'vague highlights back');
  });

  await check('Robert Walters\'s comment is flagged hate, with the report\'s evidence words highlighted', async () => {
    const ci = ex.comments.findIndex((c) => c.author === 'Robert Walters');
    expect(ci >= 0, 'the report has his comment');
    const c = ex.comments[ci];
    eq(c.label, 'hate', 'label in the report');
    const card = page.locator(`#comments li.comment[data-comment="${ci}"]`);
    expect(await card.isVisible(), 'his comment is shown (flagged comments are not folded away)');
    eq(await card.locator('.c-author').textContent(), 'Robert Walters', 'author');
    eq(await card.locator('.label').textContent(), 'hate', 'label shown');
    const probText = await card.locator('.probs').textContent();
    const p = c.probs.hate; // one decimal near 0 and 1, else whole percent
    const shown = (p > 0.99 && p < 1) || (p > 0 && p < 0.01) ? (p * 100).toFixed(1) : String(Math.round(p * 100));
    expect(probText.includes(`hate${shown}%`), `probability of hate ${shown}% shown (${probText})`);
    const buf = Buffer.from(ex.page.text, 'utf8');
    const got = await shownHighlights(page, `#comments li.comment[data-comment="${ci}"]`);
    expect(c.evidence.length > 0, 'the report gives evidence');
    c.evidence.forEach((e, j) => eq(got[`c${ci}-e${j}`], buf.subarray(e.span[0], e.span[1]).toString(), `evidence ${j}`));
    expect(c.evidence.some((e) => buf.subarray(e.span[0], e.span[1]).toString().includes('Round Up all immigrants')),
      'the evidence holds "Round Up all immigrants"');
    const hl = card.locator('mark.k-hate', { hasText: 'Round Up all immigrants' });
    expect(await hl.first().isVisible(), '"Round Up all immigrants" highlighted as hate in the comment');
    const others = ex.comments.filter((x) => x.label === 'ok').length;
    expect((await page.locator('#comments-summary').textContent()).startsWith(`${ex.comments.length - others} of ${ex.comments.length}`),
      'the summary counts the flagged comments');
  });

  await check('with no reference index the trace section says so', async () => {
    eq(ex.trace.sources, null, 'trace.sources in the report');
    const t = page.locator('#trace');
    expect(await t.isVisible(), 'trace section visible');
    expect((await t.textContent()).includes('No reference index was used'), 'the line says no index was used');
  });

  await check('the evidence list jumps to a highlight in the page text', async () => {
    await page.locator('.evidence-list summary').click();
    await page.locator('#evidence-list a', { hasText: 'According to reports' }).click();
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.dataset.ev);
    expect(focused && focused.split(' ').some((x) => x.startsWith('vague-')), `focus on the vague highlight (${focused})`);
  });

  await page.screenshot({ path: join(shots, 'newssift-web-wide.png'), fullPage: true });

  await check('at 360 px wide nothing overflows sideways', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(over <= 0, `the page is ${over}px wider than the window`);
    expect(await page.locator('#verdict').isVisible(), 'verdict still visible');
    await page.screenshot({ path: join(shots, 'newssift-web-narrow.png'), fullPage: true });
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  // ---- pasting ----
  await check('pasted text is sent as text/plain with Ctrl+Enter and its report shown', async () => {
    const pasted = 'Officials Say Bridge Will Reopen\n\nAccording to reports, the bridge will reopen next week. ' +
      '"We are confident in the repairs," Maria Lopez, the city engineer, told Reuters.\n';
    await page.getByLabel(/Paste the page/).fill(pasted);
    await page.getByLabel('Read it as').selectOption('auto');
    const a = await analyzed(page, () => page.getByLabel(/Paste the page/).press('Control+Enter'));
    eq(a.status, 200, 'status');
    expect(/^text\/plain/.test(a.type), `content type ${a.type}`);
    eq(a.body.toString(), pasted, 'body is the pasted text');
    eq(await page.locator('#verdict').textContent(), a.json.verdict, 'verdict shown');
    eq(await page.locator('#trust').textContent(), String(a.json.trust), 'trust shown');
    await allHighlightsMatch(page, a.json);
  });

  await check('pasted HTML is detected and sent as text/html', async () => {
    const html = readFileSync(join(exampleDir, 'syria-page.html'), 'utf8');
    await page.getByLabel(/Paste the page/).fill(html);
    const a = await analyzed(page, () => page.getByRole('button', { name: 'Analyze' }).click());
    eq(a.status, 200, 'status');
    expect(/^text\/html/.test(a.type), `content type ${a.type}`);
    eq(await page.locator('#verdict').textContent(), a.json.verdict, 'verdict shown');
  });

  // ---- files ----
  await check('choosing syria-page.html sends the file as text/html and shows its report', async () => {
    const file = join(exampleDir, 'syria-page.html');
    const a = await analyzed(page, () => page.setInputFiles('#page-file', file));
    eq(a.status, 200, 'status');
    expect(/^text\/html/.test(a.type), `content type ${a.type}`);
    expect(a.body.equals(readFileSync(file)), 'the body is the file byte for byte');
    eq(await page.locator('#verdict').textContent(), a.json.verdict, 'verdict shown');
    eq(a.json.verdict, 'unreliable', 'the HTML page is unreliable too');
    expect((await page.locator('#file-note').textContent()).includes('syria-page.html'), 'the file is named');
    await allHighlightsMatch(page, a.json);
    const ci = a.json.comments.findIndex((c) => c.author === 'Robert Walters');
    expect(ci >= 0 && a.json.comments[ci].label === 'hate', 'Robert Walters flagged hate');
    eq(await page.locator(`#comments li.comment[data-comment="${ci}"] .label`).textContent(), 'hate', 'shown as hate');
  });

  await check('choosing a page Chrome saved as .mhtml sends it as multipart/related, comments from its frame', async () => {
    const file = join(root, 'tests', 'data', 'pages', 'h57-mhtml-chrome-disqus-frame.mhtml');
    const a = await analyzed(page, () => page.setInputFiles('#page-file', file));
    eq(a.status, 200, 'status');
    expect(/^multipart\/related/.test(a.type), `content type ${a.type}`);
    expect(a.body.equals(readFileSync(file)), 'the body is the file byte for byte');
    eq(a.json.comments.length, 3, 'the three comments of the Disqus frame');
    eq(await page.locator('#verdict').textContent(), a.json.verdict, 'verdict shown');
    expect((await page.locator('#file-note').textContent()).includes('MHTML'), 'the file is named as MHTML');
    await allHighlightsMatch(page, a.json);
  });

  await check('dropping syria-page.json on the drop zone sends it as application/json', async () => {
    const file = join(exampleDir, 'syria-page.json');
    const json = readFileSync(file, 'utf8');
    const a = await analyzed(page, () => page.evaluate((content) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], 'syria-page.json', { type: 'application/json' }));
      const zone = document.getElementById('drop-zone');
      for (const type of ['dragenter', 'dragover', 'drop'])
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, json));
    eq(a.status, 200, 'status');
    expect(/^application\/json/.test(a.type), `content type ${a.type}`);
    eq(a.body.toString(), json, 'the body is the file');
    eq(await page.locator('#verdict').textContent(), a.json.verdict, 'verdict shown');
    await allHighlightsMatch(page, a.json);
  });

  // ---- errors ----
  await check('an over-large file shows the server\'s 413 error readably', async () => {
    const big = Buffer.alloc(MAX_BODY + 65536, 'The council met on Tuesday. ');
    const a = await analyzed(page, () => page.setInputFiles('#page-file',
      { name: 'huge.txt', mimeType: 'text/plain', buffer: big }));
    eq(a.status, 413, 'status');
    const box = page.locator('#error');
    await box.waitFor({ state: 'visible', timeout: T });
    const text = await box.textContent();
    expect(text.includes('too large'), `the message says it is too large: ${text}`);
    expect(a.json && text.includes(a.json.message), 'the server\'s message is shown');
    expect(text.includes('413'), 'the status is shown');
    expect(await page.locator('#report').isHidden(), 'no stale report beside the error');
  });

  await check('a malformed JSON page shows the server\'s 400 error readably', async () => {
    await page.getByLabel(/Paste the page/).fill('{"title": "Broken", "text": ');
    await page.getByLabel('Read it as').selectOption('application/json');
    const a = await analyzed(page, () => page.getByRole('button', { name: 'Analyze' }).click());
    eq(a.status, 400, 'status');
    expect(/^application\/json/.test(a.type), `content type ${a.type}`);
    const text = await page.locator('#error').textContent();
    expect(await page.locator('#error').isVisible(), 'error visible');
    expect(a.json && typeof a.json.message === 'string' && text.includes(a.json.message), `server message shown: ${text}`);
    expect(text.includes('400'), 'the status is shown');
    await page.getByLabel('Read it as').selectOption('auto');
  });

  // ---- non-ASCII ----
  await check('a page in é, emoji and CJK highlights exactly the right characters', async () => {
    const txt = 'Café Owners 😀 Say 東京 Rents Soar\n\n' +
      'In the café district of 東京, prices rose 🎉🎉 again. According to reports, the mayor will act. ' +
      '“Ça va très bien,” said Zoë Müller, a baker, told the Telegraph. 価格は上がった 🚀.\n\n' +
      'Officials said that 😀 rents in Zürich and 北京 rose too, and the BBC reports the same.\n';
    await page.getByLabel(/Paste the page/).fill(txt);
    const a = await analyzed(page, () => page.getByRole('button', { name: 'Analyze' }).click());
    eq(a.status, 200, 'status');
    const r = a.json;
    const checked = await allHighlightsMatch(page, r);
    const i = r.sourcing.vague.findIndex((v) => v.text === 'According to reports');
    expect(i >= 0, 'the vague attribution is found after the multi-byte characters');
    eq((await page.locator(`#page-view mark[data-ev~="vague-${i}"]`).allTextContents()).join(''),
      'According to reports', 'highlighted text');
    expect(Buffer.byteLength(r.page.text) > r.page.text.length, 'the page really has multi-byte characters');
    expect(checked >= 2, `spans checked: ${checked}`);
    await page.screenshot({ path: join(shots, 'newssift-web-unicode.png'), fullPage: true });
  });

  await check('a file with invalid UTF-8 says how many bytes were replaced, and highlights still fit', async () => {
    const bytes = Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' Prices Rise\n\nIn the caf'),
      Buffer.from([0xe9, 0xff]), Buffer.from(' quarter prices rose. According to reports, rents doubled.\n')]);
    const a = await analyzed(page, () => page.setInputFiles('#page-file',
      { name: 'latin1.txt', mimeType: 'text/plain', buffer: bytes }));
    eq(a.status, 200, 'status');
    expect(a.body.equals(bytes), 'the file went as its own bytes');
    eq(a.json.page.replaced_bytes, 3, 'replaced bytes in the report');
    expect((await page.locator('#page-meta').textContent()).includes('3 invalid bytes replaced'), 'the note is shown');
    await allHighlightsMatch(page, a.json);
    expect(a.json.sourcing.vague.some((v) => v.text === 'According to reports'), 'the vague attribution is found');
  });

  await check('the keyboard alone reaches "Use the example" from the box and runs it', async () => {
    await page.getByLabel(/Paste the page/).focus();
    let on = '';
    for (let i = 0; i < 8 && on !== 'use-example'; i++) {
      await page.keyboard.press('Tab');
      on = await page.evaluate(() => document.activeElement.id);
    }
    eq(on, 'use-example', 'focus after tabbing');
    const a = await analyzed(page, () => page.keyboard.press('Enter'));
    eq(a.status, 200, 'status');
    eq(await page.locator('#verdict').textContent(), a.json.verdict, 'verdict shown');
    eq(await page.evaluate(() => document.activeElement.id), 'report-h', 'focus moves to the report');
  });

  // ---- the trace view ----
  // The bundled example has no reference index behind it, so the server's
  // answer is replaced here by the example's report with a trace added: this
  // checks the page's drawing of a trace, not the server's tracing.
  await check('a report with a trace shows its sources, copied and added text marked apart', async () => {
    const p = ex.page.paragraphs;
    const at = (s) => Buffer.byteLength(ex.page.text.slice(0, ex.page.text.indexOf(s)));
    const change = [at('heavily fortified'), at('heavily fortified') + 'heavily fortified'.length];
    const traced = {
      ...ex,
      page: { ...ex.page, title: '<img src=x onerror="window.__pwned=1">' },
      trace: { sources: [
        { id: 'ref-1', url: 'https://www.example.org/syria-advance', title: 'Syrian troops advance on al-Tanf',
          copied_share: 0.42, containment_page: 0.42, containment_source: 0.3, attributed: true,
          copied: [{ span: p[4], source_span: [0, 120], kind: 'near', changes: [change] },
            { span: p[5], source_span: [121, 280], kind: 'exact', changes: [] }],
          added: [p[0], p[1]] },
        { id: 'ref-2', url: 'javascript:window.__pwned=1', title: 'A second source', copied_share: 0.05,
          copied: [{ span: p[6], source_span: [0, 50], kind: 'exact', changes: [] }], added: [] }] },
    };
    await page.route('**/v1/analyze', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(traced) }));
    try {
      await page.getByLabel(/Paste the page/).fill('anything: the answer is replaced');
      await analyzed(page, () => page.getByRole('button', { name: 'Analyze' }).click());
    } finally {
      await page.unroute('**/v1/analyze');
    }
    const src = page.locator('#trace details[data-source="0"]');
    expect(await src.isVisible(), 'the best source is shown');
    expect((await src.locator('summary').textContent()).includes('Syrian troops advance on al-Tanf'), 'its title');
    eq(await src.locator('a').getAttribute('href'), 'https://www.example.org/syria-advance', 'its link');
    expect((await src.textContent()).includes('42%'), 'the share copied');
    const buf = Buffer.from(ex.page.text, 'utf8');
    const cut = (s) => buf.subarray(s[0], s[1]).toString();
    const got = await shownHighlights(page, '#trace details[data-source="0"]');
    eq(got['t0-copied-0'], cut(p[4]), 'copied text');
    eq(got['t0-changed-0-0'], 'heavily fortified', 'changed words');
    eq(got['t0-added-0'], cut(p[0]), 'added text');
    const bg = (sel) => src.locator(sel).first().evaluate((e) => getComputedStyle(e).backgroundColor);
    const colours = [await bg('mark.k-copied'), await bg('mark.k-added'), await bg('mark.k-changed')];
    eq(new Set(colours).size, 3, `copied, added and changed look different (${colours.join(', ')})`);
    eq(await page.locator('#trace details[data-source="1"] a').count(), 0, 'a javascript: URL is not made a link');
    eq(await page.evaluate(() => window.__pwned), undefined, 'markup in the report is shown as text, never run');
    eq(await page.locator('#page-meta img').count(), 0, 'no element made from the title');
    await page.locator('#trace').screenshot({ path: join(shots, 'newssift-web-trace.png') });
  });

  await check('no script errors, and nothing loaded from outside the server', async () => {
    eq(pageErrors.filter((e) => !/status of 4\d\d/.test(e)), [], 'page errors');
    eq(outside, [], 'requests to other hosts');
  });
} finally {
  clearTimeout(watchdog);
  await browser.close();
}
console.log(`# screenshots in ${shots}/newssift-web-*.png`);
process.exit(failed ? 1 : 0);
