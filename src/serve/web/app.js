/* app.js: the newssift web page.  It sends a page to POST /v1/analyze and shows
 * the report: the verdict and trust score, the score's parts, the page text
 * with every piece of evidence highlighted where it stands, the flagged
 * comments and the trace.  Plain script, no framework, no build step: the
 * server embeds this file as it is, and the page works offline.
 *
 * Every span in a report is [start, end) in UTF-8 BYTES of report.page.text
 * (docs/report.schema.json), while a JS string is indexed in UTF-16 code units,
 * so every span goes through byteMap() before it touches the text; text from
 * the report only ever enters the document as text nodes, never as markup. */
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const ui = {
    app: $('app'), form: $('page-form'), text: $('page-text'), file: $('page-file'), fileNote: $('file-note'),
    drop: $('drop-zone'), format: $('page-format'), analyze: $('analyze'), example: $('use-example'),
    status: $('status'), error: $('error'), report: $('report'), reportH: $('report-h'), trust: $('trust'),
    verdict: $('verdict'), verdictNote: $('verdict-note'), meta: $('page-meta'), signals: $('signals'),
    legend: $('legend'), pageView: $('page-view'), evidenceList: $('evidence-list'),
    commentsSummary: $('comments-summary'), comments: $('comments'), trace: $('trace'),
  };

  const TYPE_NAMES = { 'text/plain': 'plain text', 'text/html': 'HTML', 'application/json': 'a JSON page',
    'multipart/related': 'an MHTML file' };
  const PREVIEW_MAX = 512 * 1024; // larger files are sent as they are but not shown in the box
  const TIMEOUT_MS = 60000;

  /* Kinds of highlight, lowest priority first: where spans overlap, style.css
   * lets the later kind's colour win, and the tooltip lists them all. */
  const KINDS = [
    { k: 'quote', name: 'quote', help: 'A quotation in the article.' },
    { k: 'prop', name: 'propaganda-style sentence', help: 'A sentence the propaganda model flags (loaded language, appeals to fear, and the like).' },
    { k: 'content', name: 'pushed toward unreliable', help: 'Words that most pushed the article model toward "unreliable".' },
    { k: 'cited', name: 'named source', help: 'An outlet, agency, organisation or person the article names as its source.' },
    { k: 'speaker', name: 'speaker of a quote', help: 'The person a quotation is attributed to.' },
    { k: 'vague', name: 'vague attribution', help: 'A claim sourced to no one in particular ("according to reports").' },
    { k: 'marker', name: 'headline bait', help: 'A clickbait device in the headline (all capitals, a teaser, and the like).' },
    { k: 'offensive', name: 'offensive comment', help: 'The words that made the comment model call a comment offensive.' },
    { k: 'hate', name: 'hateful comment', help: 'The words that made the comment model call a comment hateful.' },
    { k: 'author', name: 'comment author', help: 'Who wrote a reader comment.', notEvidence: true },
  ];
  const KIND_BY_NAME = Object.fromEntries(KINDS.map((x) => [x.k, x]));
  const hidden = new Set(); // kinds the reader switched off in the legend

  const SIGNALS = {
    content: 'Article text', headline: 'Headline', sourcing: 'Sourcing', source: 'The site',
    comments: 'Comments', trace: 'Copied reporting',
  };
  const VERDICT_NOTES = {
    reliable: 'The signals give no strong reason to doubt this page.',
    questionable: 'Some signals say to be careful with this page.',
    unreliable: 'The signals say not to trust this page.',
    unknown: 'Nothing on the page judges it: no article text, site rating or copied reporting.',
  };

  const state = { file: null, seq: 0, report: null, evidence: [] };

  // ---- small helpers ---------------------------------------------------------

  function h(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [key, v] of Object.entries(props || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (key === 'class') e.className = v;
      else if (key === 'text') e.textContent = v;
      else if (key === 'dataset') Object.assign(e.dataset, v);
      else if (key.startsWith('on')) e.addEventListener(key.slice(2), v);
      else e.setAttribute(key, v === true ? '' : v);
    }
    for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) e.append(c);
    return e;
  }
  const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
  const fmt2 = (x) => (isNum(x) ? x.toFixed(2) : '–');
  const pct = (x) => (isNum(x) ? `${Math.round(x * 100)}%` : '–');
  // a probability: one decimal near 0 and 1, where rounding would claim certainty
  const prob = (x) => (!isNum(x) ? '–' : x > 0.99 && x < 1 || x > 0 && x < 0.01
    ? `${(x * 100).toFixed(1)}%` : pct(x));
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many || one + 's'}`;
  function bytesText(n) {
    if (n < 1024) return plural(n, 'byte');
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
  }
  function bar(fraction, cls) { // decorative: the number beside it is the accessible value
    const fill = h('span', { class: 'bar-fill' });
    fill.style.width = `${Math.max(0, Math.min(1, isNum(fraction) ? fraction : 0)) * 100}%`;
    return h('span', { class: `bar ${cls || ''}`, 'aria-hidden': 'true' }, fill);
  }
  function safeUrl(u) { // only web links from a report become clickable
    return typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null;
  }

  /* The UTF-8 byte offset -> UTF-16 index map of a string, computed the way
   * TextEncoder encodes it (a lone surrogate counts as U+FFFD, 3 bytes).  An
   * offset inside a character rounds up to the character's end; spans from
   * newssift never do that, but a broken one must not split a surrogate pair. */
  function byteMap(text) {
    const len = (i) => {
      const c = text.charCodeAt(i);
      if (c < 0x80) return [1, 1];
      if (c < 0x800) return [2, 1];
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00)
        return [4, 2];
      return [3, 1];
    };
    let n = 0;
    for (let i = 0; i < text.length;) { const [b, u] = len(i); n += b; i += u; }
    const map = new Uint32Array(n + 1);
    let b = 0;
    for (let i = 0; i < text.length;) {
      const [nb, nu] = len(i);
      map[b] = i;
      for (let k = 1; k < nb; k++) map[b + k] = i + nu;
      b += nb; i += nu;
    }
    map[n] = text.length;
    const at = (off) => map[Math.max(0, Math.min(n, Math.floor(off)))];
    // [start, end) bytes -> [start, end) UTF-16 indices, or null if it is no span
    const span = (s) => (Array.isArray(s) && s.length === 2 && isNum(s[0]) && isNum(s[1]) && s[0] <= s[1]
      ? [at(s[0]), at(s[1])] : null);
    return { bytes: n, span };
  }

  // ---- evidence: every highlight of the report, in character offsets ----------

  function commentFlag(c) { // the highlight kind of a flagged comment, or null when it is not flagged
    if (!c || typeof c.label !== 'string' || c.label === 'ok') return null;
    return c.label === 'hate' ? 'hate' : 'offensive';
  }

  /* One entry per highlighted thing, with an id (kind-index into its report
   * array) that the page view writes into data-ev, so a reader of the DOM can
   * tell which report item each highlighted run of text belongs to. */
  function collectEvidence(r, map) {
    const out = [];
    const add = (kind, id, span, note, label) => {
      const s = map.span(span);
      if (s && s[0] < s[1]) out.push({ kind, id, a: s[0], b: s[1], note, label });
    };
    const list = (x) => (Array.isArray(x) ? x : []);
    const content = r.content || {}, headline = r.headline || {}, sourcing = r.sourcing || {};
    list(content.evidence).forEach((e, i) => add('content', `content-${i}`, e.span,
      `Pushed the article model toward "unreliable" (weight ${fmt2(e.weight)})`));
    list(headline.markers).forEach((m, i) => add('marker', `marker-${i}`, m.span,
      `Headline bait: ${String(m.kind || 'marker').replace(/_/g, ' ')}`));
    list(sourcing.quotes).forEach((q, i) => {
      add('quote', `quote-${i}`, q.span, q.speaker ? `Quote, attributed to ${q.speaker}` : 'Quote, no speaker found');
      if (q.speaker_span) add('speaker', `speaker-${i}`, q.speaker_span, `Speaker of a quote: ${q.speaker}`);
    });
    list(sourcing.cited).forEach((c, i) => add('cited', `cited-${i}`, c.span,
      `Named source (${c.kind || 'source'}): ${c.name}`));
    list(sourcing.vague).forEach((v, i) => add('vague', `vague-${i}`, v.span,
      'Vague attribution: the claim is sourced to no one in particular'));
    list(sourcing.propaganda).forEach((p, i) => add('prop', `prop-${i}`, p.span,
      `Propaganda-style sentence (p = ${fmt2(p.p)})`));
    list(r.comments).forEach((c, ci) => {
      if (c.author_span) add('author', `c${ci}-author`, c.author_span, 'Comment author');
      const flag = commentFlag(c);
      if (flag) list(c.evidence).forEach((e, j) => add(flag, `c${ci}-e${j}`, e.span,
        `Comment flagged ${c.label}: these words decided it (weight ${fmt2(e.weight)})`));
    });
    return out;
  }

  /* Writes text[from, to) into container with the items highlighted: the text
   * is cut at every item boundary, and each run that some items cover becomes
   * one <mark> carrying all their kinds, ids (data-ev) and notes (title). */
  function renderMarked(container, text, items, from, to) {
    const cuts = new Set([from, to]);
    const live = [];
    for (const it of items) {
      const a = Math.max(from, it.a), b = Math.min(to, it.b);
      if (a < b) { live.push({ ...it, a, b }); cuts.add(a); cuts.add(b); }
    }
    const points = [...cuts].sort((x, y) => x - y);
    const frag = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const x = points[i], y = points[i + 1];
      const chunk = text.slice(x, y);
      const on = live.filter((it) => it.a <= x && it.b >= y);
      if (!on.length) { frag.append(chunk); continue; }
      const kinds = [...new Set(on.map((it) => it.kind))];
      frag.append(h('mark', {
        class: `hl ${kinds.map((k) => `k-${k}`).join(' ')}`,
        title: [...new Set(on.map((it) => it.note))].join('\n'),
        dataset: { ev: on.map((it) => it.id).join(' ') },
      }, chunk));
    }
    container.replaceChildren(frag);
  }

  // ---- the report --------------------------------------------------------------

  function renderSummary(r) {
    const verdict = typeof r.verdict === 'string' ? r.verdict : 'unknown';
    // no verdict: a number would read as a judgement the page gives no ground for
    ui.trust.textContent = isNum(r.trust) && verdict !== 'unknown' ? String(r.trust) : '–';
    ui.verdict.textContent = verdict;
    ui.verdict.className = `verdict v-${verdict}`;
    ui.verdictNote.textContent = VERDICT_NOTES[verdict] || '';
    const page = r.page || {};
    const bits = [];
    if (page.title) bits.push(h('span', { class: 'page-title', text: page.title }));
    const url = safeUrl(page.url);
    if (url) bits.push(h('a', { href: url, rel: 'noopener noreferrer', target: '_blank', text: page.url }));
    else if (page.domain) bits.push(h('span', { text: page.domain }));
    if (page.replaced_bytes > 0)
      bits.push(h('span', { text: `${plural(page.replaced_bytes, 'invalid byte')} replaced by \uFFFD` }));
    ui.meta.replaceChildren(...bits.flatMap((b, i) => (i ? [' · ', b] : [b])));
    document.title = `newssift: ${verdict} (${ui.trust.textContent}/100)${page.title ? ` — ${page.title}` : ''}`;
  }

  function signalDetail(name, r) {
    const n = (x) => (Array.isArray(x) ? x.length : 0);
    const s = r.sourcing || {};
    switch (name) {
    case 'content':
      return `The article model gives p(unreliable) = ${fmt2(r.content && r.content.p_unreliable)}; ` +
        `${plural(n(r.content && r.content.evidence), 'phrase')} highlighted.`;
    case 'headline':
      return `The headline model gives p(clickbait) = ${fmt2(r.headline && r.headline.p_clickbait)}; ` +
        `${plural(n(r.headline && r.headline.markers), 'marker')}.`;
    case 'sourcing':
      return `${plural(n(s.vague), 'vague attribution')}, ${plural(n(s.cited), 'named source')}, ` +
        `${plural(n(s.quotes), 'quote')}, ${plural(n(s.propaganda), 'propaganda-style sentence')}.`;
    case 'source': {
      const src = r.source || {};
      if (!src.domain) return 'The page has no known site (no URL).';
      const lists = Array.isArray(src.lists) ? src.lists : [];
      if (!lists.length) return `${src.domain} is on none of the loaded lists.`;
      return `${src.domain}: ` + lists.map((l) => `${l.label} on ${l.list}`).join('; ') + '.';
    }
    case 'comments': {
      const cs = Array.isArray(r.comments) ? r.comments : [];
      return cs.length ? `${cs.filter(commentFlag).length} of ${plural(cs.length, 'comment')} flagged.`
        : 'The page has no comments.';
    }
    case 'trace': {
      const src = r.trace && r.trace.sources;
      if (!Array.isArray(src)) return 'No reference index was used.';
      return src.length ? `Copies from ${plural(src.length, 'known article')}.` : 'Copies no article of the index.';
    }
    default: return '';
    }
  }

  function renderSignals(r) {
    const sigs = Array.isArray(r.signals) ? r.signals : [];
    ui.signals.replaceChildren(...sigs.map((s) => {
      const known = isNum(s.score);
      const title = SIGNALS[s.name] || s.name;
      return h('li', { class: `signal${known ? '' : ' unknown'}`, dataset: { signal: s.name } },
        h('span', { class: 'sig-name' }, h('b', { text: title }), ' ', h('code', { text: s.name })),
        known
          ? [h('span', { class: 'sig-score' }, 'score ', h('b', { class: 'sig-score-value', text: fmt2(s.score) }), bar(s.score, 'score')),
             h('span', { class: 'sig-share' }, 'share ', h('b', { class: 'sig-share-value', text: pct(s.share) }), bar(s.share, 'share'))]
          : h('span', { class: 'sig-none', text: 'no information' }),
        h('span', { class: 'sig-detail', text: signalDetail(s.name, r) }));
    }));
  }

  function renderLegend() {
    const counts = {};
    for (const e of state.evidence) counts[e.kind] = (counts[e.kind] || 0) + 1;
    ui.legend.replaceChildren(...KINDS.filter((k) => !k.notEvidence || counts[k.k]).map((k) => {
      const id = `show-${k.k}`;
      const box = h('input', { type: 'checkbox', id, checked: !hidden.has(k.k), disabled: !counts[k.k],
        onchange: (ev) => { if (ev.target.checked) hidden.delete(k.k); else hidden.add(k.k); renderPageView(); } });
      return h('li', { title: k.help }, box, h('label', { for: id },
        h('mark', { class: `hl k-${k.k} swatch`, text: k.name }), ` ${counts[k.k] || 0}`));
    }));
  }

  function renderPageView() {
    const text = state.report.page.text;
    renderMarked(ui.pageView, text, state.evidence.filter((e) => !hidden.has(e.kind)), 0, text.length);
  }

  function renderEvidenceList() {
    const text = state.report.page.text;
    const order = Object.fromEntries(KINDS.map((k, i) => [k.k, i]));
    const items = state.evidence.filter((e) => !KIND_BY_NAME[e.kind].notEvidence)
      .sort((x, y) => order[x.kind] - order[y.kind] || x.a - y.a);
    ui.evidenceList.replaceChildren(...items.map((e) => h('li', {},
      h('mark', { class: `hl k-${e.kind} swatch`, text: KIND_BY_NAME[e.kind].name }), ' ',
      h('a', { href: '#page-view', onclick: (ev) => { ev.preventDefault(); jumpTo(e); } },
        `“${text.slice(e.a, e.b)}”`), ' ', h('span', { class: 'hint', text: e.note }))));
  }

  function jumpTo(e) { // shows an item in the page view even if its kind was switched off
    if (hidden.has(e.kind)) { hidden.delete(e.kind); renderLegend(); renderPageView(); }
    const target = ui.pageView.querySelector(`[data-ev~="${e.id}"]`);
    if (!target) return;
    target.setAttribute('tabindex', '-1');
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
    target.classList.remove('flash');
    void target.offsetWidth; // restart the animation
    target.classList.add('flash');
  }

  function renderComment(c, ci, text, map) {
    const flag = commentFlag(c);
    const span = map.span(c.span) || [0, 0];
    const probs = Object.entries(c.probs && typeof c.probs === 'object' ? c.probs : {})
      .filter(([, p]) => isNum(p)).sort((x, y) => y[1] - x[1]);
    const body = h('blockquote', { class: 'c-text' });
    const ev = flag ? state.evidence.filter((e) => e.id.startsWith(`c${ci}-e`)) : [];
    renderMarked(body, text, ev, span[0], span[1]);
    return h('li', { class: `comment${flag ? ` flagged flag-${flag}` : ''}`, dataset: { comment: String(ci) } },
      h('div', { class: 'c-head' },
        h('b', { class: 'c-author', text: c.author || '(no author)' }), ' ',
        h('span', { class: `label label-${flag || 'ok'}`, text: String(c.label) })),
      h('ul', { class: 'probs', 'aria-label': 'the comment model\u2019s probabilities' },
        probs.map(([label, p]) => h('li', {}, h('span', { class: 'p-label', text: label }),
          bar(p, `p-${label === 'hate' || label === 'offensive' ? label : 'other'}`),
          h('span', { class: 'p-value', text: prob(p) })))),
      body,
      ev.length ? h('p', { class: 'c-why' }, 'Decided by: ',
        ev.map((e, i) => [i ? ', ' : '', h('q', { text: text.slice(e.a, e.b) })])) : null);
  }

  function renderComments(r, map) {
    const cs = Array.isArray(r.comments) ? r.comments : [];
    const text = r.page.text;
    const flagged = [], other = [];
    cs.forEach((c, ci) => (commentFlag(c) ? flagged : other).push(renderComment(c, ci, text, map)));
    ui.commentsSummary.textContent = cs.length
      ? `${flagged.length} of ${plural(cs.length, 'comment')} flagged as hateful or offensive.`
      : 'The page has no reader comments.';
    const rest = other.length
      ? h('li', { class: 'unflagged' }, h('details', {}, h('summary', {}, `${plural(other.length, 'comment')} not flagged`),
        h('ol', { class: 'comments' }, other)))
      : null;
    ui.comments.replaceChildren(...flagged, ...(rest ? [rest] : []));
  }

  function renderTrace(r, map) {
    const sources = r.trace ? r.trace.sources : null;
    if (!Array.isArray(sources)) {
      ui.trace.replaceChildren(h('p', { class: 'trace-none' },
        'No reference index was used, so copied reporting was not traced (start the server with ',
        h('code', { text: '--index INDEX' }), ' to trace it).'));
      return;
    }
    if (!sources.length) {
      ui.trace.replaceChildren(h('p', { class: 'trace-none', text: 'The reference index holds no article this page copies from.' }));
      return;
    }
    const text = r.page.text;
    const paras = (Array.isArray(r.page.paragraphs) ? r.page.paragraphs : []).map(map.span).filter(Boolean);
    // trace aligns the body only, so show the body: first paragraph to last
    const from = paras.length ? paras[0][0] : 0, to = paras.length ? paras[paras.length - 1][1] : text.length;
    const legend = h('p', { class: 'trace-legend' },
      h('mark', { class: 'hl k-copied swatch', text: 'copied from the source' }), ' ',
      h('mark', { class: 'hl k-changed swatch', text: 'words the page changed' }), ' ',
      h('mark', { class: 'hl k-added swatch', text: 'added by the page' }));
    ui.trace.replaceChildren(legend, ...sources.map((s, si) => {
      const items = [];
      const add = (kind, span, note, id) => { const c = map.span(span); if (c && c[0] < c[1]) items.push({ kind, a: c[0], b: c[1], note, id }); };
      (Array.isArray(s.copied) ? s.copied : []).forEach((c, i) => {
        add('copied', c.span, `Copied from this source (${c.kind || 'copy'})`, `t${si}-copied-${i}`);
        (Array.isArray(c.changes) ? c.changes : []).forEach((ch, j) =>
          add('changed', ch, 'A word the page changed from the source', `t${si}-changed-${i}-${j}`));
      });
      (Array.isArray(s.added) ? s.added : []).forEach((a, i) => add('added', a, 'Added: not in this source', `t${si}-added-${i}`));
      const view = h('div', { class: 'page-text trace-text' });
      renderMarked(view, text, items, from, to);
      const url = safeUrl(s.url);
      const title = s.title || s.url || s.id || `source ${si + 1}`;
      const facts = [`${pct(s.copied_share)} of the body copied`];
      if (isNum(s.containment_page)) facts.push(`${pct(s.containment_page)} of the page found in the source`);
      if (isNum(s.containment_source)) facts.push(`${pct(s.containment_source)} of the source found in the page`);
      if (typeof s.attributed === 'boolean') facts.push(s.attributed ? 'the page names the source' : 'the page does not name the source');
      return h('details', { class: 'trace-source', open: si === 0, dataset: { source: String(si) } },
        h('summary', {}, h('b', { text: title }), ` — ${pct(s.copied_share)} copied`),
        url ? h('p', {}, h('a', { href: url, rel: 'noopener noreferrer', target: '_blank', text: s.url })) : null,
        h('p', { class: 'hint', text: facts.join('; ') + '.' }),
        view);
    }));
  }

  function renderReport(r) {
    const map = byteMap(r.page.text);
    state.report = r;
    state.evidence = collectEvidence(r, map);
    renderSummary(r);
    renderSignals(r);
    renderLegend();
    renderPageView();
    renderEvidenceList();
    renderComments(r, map);
    renderTrace(r, map);
    ui.report.hidden = false;
    ui.reportH.focus();
  }

  // ---- talking to the server ----------------------------------------------------

  function setStatus(msg) { ui.status.textContent = msg; }
  function clearError() { ui.error.hidden = true; ui.error.replaceChildren(); }
  function showError(title, detail) {
    ui.error.replaceChildren(h('strong', { text: title }), detail ? h('p', { text: detail }) : null);
    ui.error.hidden = false;
    ui.report.hidden = true;
    ui.app.dataset.state = 'error';
    setStatus('');
  }
  function setBusy(busy) {
    ui.analyze.disabled = busy;
    ui.example.disabled = busy;
    ui.app.setAttribute('aria-busy', busy ? 'true' : 'false');
    if (busy) ui.app.dataset.state = 'busy';
  }

  const ERROR_TITLES = {
    400: 'The server could not read this page',
    404: 'The server does not know this address',
    408: 'The server gave up waiting for the page',
    411: 'The request had no length',
    413: 'The page is too large for this server',
    415: 'The server does not accept this kind of content',
    503: 'The server is busy: try again in a moment',
  };

  async function analyze(body, type, what) {
    const seq = ++state.seq;
    clearError();
    setBusy(true);
    setStatus(`Analyzing ${what}…`);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    const t0 = performance.now();
    try {
      let res;
      try {
        res = await fetch('/v1/analyze', { method: 'POST', headers: { 'Content-Type': type }, body, signal: abort.signal });
      } catch (e) {
        throw new Error(abort.signal.aborted ? `no answer within ${TIMEOUT_MS / 1000} s`
          : `the newssift server could not be reached (${e.message})`);
      }
      const raw = await res.text();
      if (seq !== state.seq) return; // a newer request has taken over
      let data = null;
      try { data = JSON.parse(raw); } catch (_) { /* reported below */ }
      if (!res.ok) {
        const code = data && typeof data.error === 'string' ? data.error : res.statusText || 'error';
        const msg = data && typeof data.message === 'string' ? data.message : raw.slice(0, 300);
        showError(ERROR_TITLES[res.status] || 'The server answered with an error',
          `${msg || 'No message.'} (HTTP ${res.status}, ${code})`);
        return;
      }
      if (!data || !data.page || typeof data.page.text !== 'string')
        throw new Error('the server\u2019s answer is not a newssift report');
      renderReport(data);
      ui.app.dataset.state = 'ready';
      setStatus(`Analyzed ${what} in ${Math.round(performance.now() - t0)} ms.`);
    } catch (e) {
      if (seq === state.seq) showError('The page could not be analyzed', `${e.message}.`);
    } finally {
      clearTimeout(timer);
      if (seq === state.seq) setBusy(false);
    }
  }

  /* What pasted text is, when the reader leaves "detect": a JSON page is an
   * object that parses, HTML starts with a tag, a page a browser saved whole
   * (MHTML) with MIME headers, anything else is plain text. */
  function detectType(s) {
    const t = s.trimStart();
    if (t.startsWith('{')) { try { JSON.parse(t); return 'application/json'; } catch (_) { /* not JSON */ } }
    const head = t.split(/\r?\n\r?\n/, 1)[0];
    if (/^[A-Za-z0-9-]+:/.test(head) && /^content-type:\s*multipart\/related/im.test(head)) return 'multipart/related';
    if (/^<(!doctype|html|head|body|article|main|section|div|p|h[1-6]|meta|title|!--)[\s>]/i.test(t)) return 'text/html';
    return 'text/plain';
  }

  async function fileType(file) {
    const ext = (file.name.match(/\.([a-z0-9]+)$/i) || [])[1];
    const byExt = { html: 'text/html', htm: 'text/html', xhtml: 'text/html', json: 'application/json',
      txt: 'text/plain', text: 'text/plain', md: 'text/plain', mhtml: 'multipart/related',
      mht: 'multipart/related' }[(ext || '').toLowerCase()];
    if (byExt) return byExt;
    if (TYPE_NAMES[file.type]) return file.type;
    return detectType(await file.slice(0, 4096).text());
  }

  function analyzeCurrent() {
    const chosen = ui.format.value;
    if (state.file) {
      const type = chosen === 'auto' ? state.file.type : chosen;
      analyze(state.file.blob, type, `${state.file.name} as ${TYPE_NAMES[type]}`);
      return;
    }
    const s = ui.text.value;
    if (!s.trim()) {
      showError('Nothing to analyze yet', 'Paste a page into the box, drop or choose a file, or use the example.');
      ui.text.focus();
      return;
    }
    const type = chosen === 'auto' ? detectType(s) : chosen;
    analyze(s, type, `${bytesText(new TextEncoder().encode(s).length)} of ${TYPE_NAMES[type]}`);
  }

  async function loadFile(file, extra) {
    const type = await fileType(file);
    // The file is sent as its own bytes (a page in another encoding stays intact);
    // the box shows it so the reader sees what went, and editing the box drops it.
    state.file = { blob: file, name: file.name, type };
    ui.format.value = 'auto';
    ui.text.value = file.size <= PREVIEW_MAX ? await file.text() : '';
    ui.fileNote.textContent = `${file.name} (${bytesText(file.size)}), read as ${TYPE_NAMES[type]}` +
      (file.size > PREVIEW_MAX ? '; too large to show in the box, sent as it is' : '') + (extra || '') + '.';
    analyzeCurrent();
  }

  async function useExample() {
    clearError();
    setStatus('Loading the example…');
    try {
      const res = await fetch('/examples/syria-page.txt');
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      forgetFile();
      ui.text.value = await res.text();
      ui.format.value = 'text/plain';
    } catch (e) {
      showError('The example could not be loaded', `${e.message}.`);
      return;
    }
    analyzeCurrent();
  }

  function forgetFile() {
    state.file = null;
    ui.file.value = '';
    ui.fileNote.textContent = '';
  }

  // ---- wiring --------------------------------------------------------------------

  ui.form.addEventListener('submit', (e) => { e.preventDefault(); analyzeCurrent(); });
  ui.text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); analyzeCurrent(); }
  });
  ui.text.addEventListener('input', () => { if (state.file) forgetFile(); });
  ui.example.addEventListener('click', useExample);
  ui.file.addEventListener('change', () => { if (ui.file.files.length) loadFile(ui.file.files[0]); });

  // A file dropped anywhere on the page is taken (the browser would otherwise
  // navigate away to it); dragged text still drops into the box as usual.
  const hasFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  let dragDepth = 0;
  document.addEventListener('dragenter', (e) => { if (hasFiles(e)) { dragDepth++; ui.drop.classList.add('dragging'); } });
  document.addEventListener('dragleave', (e) => {
    if (hasFiles(e) && --dragDepth <= 0) { dragDepth = 0; ui.drop.classList.remove('dragging'); }
  });
  document.addEventListener('dragover', (e) => { if (hasFiles(e)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; } });
  document.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dragDepth = 0;
    ui.drop.classList.remove('dragging');
    const files = e.dataTransfer.files;
    if (files.length) loadFile(files[0], files.length > 1 ? `; only the first of ${files.length} files is analyzed` : '');
  });
}());
