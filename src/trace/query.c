/* query.c — the sources of a page.
 *
 * 1. The page's body is fingerprinted like an article, and every shingle
 *    below the highest sampling threshold is looked up in its bucket; each
 *    article is counted once per key it shares with the page.  A key on more
 *    than NS_TR_STOP articles is boilerplate and skipped.
 * 2. The VERIFY best-counted candidates (top_k + 7) are read back and
 *    aligned with the page sentence by sentence (align.c); containment both
 *    ways is measured on the full shingle sets.
 * 3. A candidate is a source when the page copied at least KEEP_WORDS of its
 *    words, and the copies make at least MIN_SHARE of the page's body or
 *    MIN_SOURCE of the source's text.  Sources are ordered greedily by the
 *    page bytes they account for that the ones before did not, then by all
 *    they account for, then by how much of themselves the page holds (an
 *    original beats a longer article that merely includes it). */
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"

enum { EXTRA_VERIFY = 7, KEEP_WORDS = 10 };
/* A long page looks up only its MAX_PAGE_KEYS smallest keys (a bottom-k of
 * the page): an article's keys are its own smallest shingles, so those it
 * shares with a page are among the page's smallest unless the page is many
 * times longer than the article (docs/trace.md).  This bounds the postings
 * a long page reads, the most of its query time. */
enum { MAX_PAGE_KEYS = 1024 };
/* A source accounts for at least MIN_SHARE of the page's body, or the page
 * holds at least MIN_SOURCE of the source's text: below both, what a page
 * shares with an article is a quote or boilerplate both took from
 * elsewhere (measured in docs/trace.md). */
#define MIN_SHARE 0.2
#define MIN_SOURCE 0.3
/* and, since a near copy may be a different report cut to one template,
 * at least MIN_CONTAIN_PAGE of the page's shingles are in the source or
 * MIN_CONTAIN_SOURCE of the source's are in the page */
#define MIN_CONTAIN_PAGE 0.12
#define MIN_CONTAIN_SOURCE 0.25
/* A page may also take less than MIN_SHARE: one or two sentences beside
 * much spin.  It is reported when it copied whole sentences nearly word for
 * word -- at least STRONG_WORDS words in sentences of STRONG_UNIT words or
 * more, each with at least 4 in 5 of its words matched -- making at least
 * STRONG_SHARE of the body, and STRONG_CONTAIN_PAGE of its shingles are in
 * the source.  Sentences of one template share scattered words, not 4 in 5
 * of a long sentence (measured in docs/trace.md). */
enum { STRONG_UNIT = 8, STRONG_WORDS = 12 };
#define STRONG_SHARE 0.1
#define STRONG_CONTAIN_PAGE 0.08

/* ------------------------------------------------------ counting the hits */

/* For each article, the page sentences its keys fall in, and the keys it
 * shares with the page, each weighed by how rare it is (1 / the articles
 * holding it).  An article holding several sentences of the page outranks
 * one holding a sentence many others hold too (a quote, a line of
 * boilerplate, wire copy printed by many); among those holding as many
 * sentences, rarer keys win over a common phrase, then more keys. */
typedef struct hit_count {
    int64_t doc; /* 0: empty slot (doc numbers start at 1) */
    uint32_t hits, units, last_unit;
    double weight; /* the sum over its keys of 1 / (articles holding the key) */
} hit_count;

typedef struct hitmap {
    hit_count *e;
    size_t cap, used;
} hitmap;

static size_t slot(const hit_count *e, size_t cap, int64_t doc)
{
    size_t k = ((uint64_t)doc * 0x9E3779B97F4A7C15ull >> 16) & (cap - 1);
    while (e[k].doc && e[k].doc != doc)
        k = (k + 1) & (cap - 1);
    return k;
}

/* Counts a key of article doc found in page unit (keys come in unit order)
 * that df articles hold. */
static int hit(hitmap *h, int64_t doc, uint32_t unit, size_t df)
{
    if (2 * (h->used + 1) > h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 1024;
        hit_count *ne = calloc(cap, sizeof *ne);
        if (!ne)
            return -1;
        for (size_t i = 0; i < h->cap; i++)
            if (h->e[i].doc)
                ne[slot(ne, cap, h->e[i].doc)] = h->e[i];
        free(h->e);
        h->e = ne, h->cap = cap;
    }
    hit_count *c = &h->e[slot(h->e, h->cap, doc)];
    if (!c->doc)
        c->doc = doc, h->used++;
    c->hits++;
    c->weight += 1.0 / (double)df;
    if (c->last_unit != unit + 1)
        c->units++, c->last_unit = unit + 1;
    return 0;
}

/* A page key and the unit (sentence) of the page it starts in. */
typedef struct page_key {
    uint64_t key;
    uint32_t unit;
} page_key;

static int cmp_cand(const void *a, const void *b)
{
    const hit_count *x = a, *y = b;
    if (x->units != y->units)
        return x->units > y->units ? -1 : 1;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    if (x->hits != y->hits)
        return x->hits > y->hits ? -1 : 1;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

/* Counts, for each article, the page's keys it holds. */
static int count_hits(ns_index *ix, ns_tr_conn *c, const page_key *keys, size_t nk, hitmap *h, ns_error *err)
{
    int64_t *docs = malloc((NS_TR_STOP + 1) * sizeof *docs);
    if (!docs)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    int rc = NS_OK;
    for (size_t i = 0; i < nk && !rc; i++) {
        uint16_t want = ns_tr_check(keys[i].key);
        sqlite3_bind_int64(c->bucket, 1, ns_tr_bucket(keys[i].key));
        int r = sqlite3_step(c->bucket);
        if (r == SQLITE_ROW) {
            ns_tr_cursor cur;
            ns_tr_cursor_init(&cur, sqlite3_column_blob(c->bucket, 0),
                              (size_t)sqlite3_column_bytes(c->bucket, 0));
            size_t n = 0;
            int64_t doc;
            while (ns_tr_group_next(&cur) == 1 && cur.check <= want) /* groups in check order */
                if (cur.check == want) {
                    while (n <= NS_TR_STOP && ns_tr_doc_next(&cur, &doc) == 1)
                        docs[n++] = doc;
                    break;
                }
            for (size_t k = 0; n <= NS_TR_STOP && k < n && !rc; k++)
                if (hit(h, docs[k], keys[i].unit, n) < 0)
                    rc = ns_fail(err, NS_ESYSTEM, "out of memory");
        } else if (r != SQLITE_DONE) {
            rc = ns_tr_sqlerr(err, c->db, r, ix->path, "searching the index");
        }
        sqlite3_reset(c->bucket);
    }
    free(docs);
    return rc;
}

/* ------------------------------------------------------------ verifying */

typedef struct result {
    ns_tr_source s;
    unsigned char *copied_units; /* page units this source accounts for */
    size_t matched_words;
    size_t source_bytes; /* of the source's text that the copies cover */
    int64_t doc;
} result;

static void result_free(result *r)
{
    free(r->s.id), free(r->s.url), free(r->s.title), free(r->s.outlet);
    for (size_t i = 0; i < r->s.n_copied; i++)
        free(r->s.copied[i].changes);
    free(r->s.copied);
    free(r->copied_units);
    memset(r, 0, sizeof *r);
}

/* A set of 64-bit values by open addressing (0 stands for itself as 1:
 * a shingle hash of 0 is as good as any). */
typedef struct u64set {
    uint64_t *v;
    size_t mask;
} u64set;

static int set_init(u64set *s, size_t n)
{
    size_t cap = 64;
    while (cap < 2 * n)
        cap *= 2;
    s->mask = cap - 1;
    s->v = calloc(cap, sizeof *s->v);
    return s->v ? 0 : -1;
}

/* Adds x; returns 1 when it was new. */
static int set_add(u64set *s, uint64_t x)
{
    x = x ? x : 1;
    size_t k = (x * 0x9E3779B97F4A7C15ull >> 20) & s->mask;
    for (; s->v[k]; k = (k + 1) & s->mask)
        if (s->v[k] == x)
            return 0;
    s->v[k] = x;
    return 1;
}

static int set_has(const u64set *s, uint64_t x)
{
    x = x ? x : 1;
    size_t k = (x * 0x9E3779B97F4A7C15ull >> 20) & s->mask;
    for (; s->v[k]; k = (k + 1) & s->mask)
        if (s->v[k] == x)
            return 1;
    return 0;
}

static char *dup_col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? strdup(s) : NULL;
}

static int only_space(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return 0;
    return 1;
}

/* The copied units as items, consecutive ones of one paragraph merged when
 * they are consecutive in the source too. */
static int build_items(result *r, const ns_tr_text *pt, const char *src, ns_tr_match *m,
                       const unsigned char *quoted, ns_error *err)
{
    size_t quoted_bytes = 0;
    for (size_t i = 0; i < pt->n_units; i++) {
        if (!m[i].copied)
            continue;
        const ns_tr_unit *u = &pt->u[i];
        int kind = quoted[i] ? NS_TR_QUOTED : m[i].exact ? NS_TR_EXACT : NS_TR_NEAR;
        size_t bytes = u->span.end - u->span.start;
        r->s.copied_bytes += bytes;
        r->source_bytes += m[i].source_span.end - m[i].source_span.start;
        r->matched_words += m[i].matched;
        r->copied_units[i] = 1;
        if (quoted[i])
            quoted_bytes += bytes;
        ns_tr_copy *prev = r->s.n_copied ? &r->s.copied[r->s.n_copied - 1] : NULL;
        if (prev && i > 0 && r->copied_units[i - 1] && pt->u[i - 1].para == u->para && prev->kind == kind &&
            prev->near == !m[i].exact && prev->source_span.end <= m[i].source_span.start &&
            only_space(src, prev->source_span.end, m[i].source_span.start)) {
            prev->span.end = u->span.end;
            prev->source_span.end = m[i].source_span.end;
            if (m[i].n_changes) {
                ns_span *c = realloc(prev->changes, (prev->n_changes + m[i].n_changes) * sizeof *c);
                if (!c)
                    return ns_fail(err, NS_ESYSTEM, "out of memory");
                memcpy(c + prev->n_changes, m[i].changes, m[i].n_changes * sizeof *c);
                prev->changes = c, prev->n_changes += m[i].n_changes;
            }
            continue;
        }
        ns_tr_copy *p = realloc(r->s.copied, (r->s.n_copied + 1) * sizeof *p);
        if (!p)
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        r->s.copied = p;
        p[r->s.n_copied++] =
            (ns_tr_copy){u->span, m[i].source_span, kind, !m[i].exact, m[i].changes, m[i].n_changes};
        m[i].changes = NULL, m[i].n_changes = 0; /* the item owns them */
    }
    r->s.attributed = quoted_bytes > 0 && 2 * quoted_bytes >= r->s.copied_bytes;
    return NS_OK;
}

typedef struct query {
    ns_index *ix;
    ns_tr_conn *c;
    const ns_page *page;
    const ns_tr_text *pt;
    u64set pset_hash; /* the page's shingles */
    size_t n_pset;    /* how many distinct */
    const ns_tr_cited *cited;
    size_t body_bytes;
} query;

/* Reads article doc back and aligns it with the page; *keep says whether
 * it is a source. */
static int verify(const query *q, int64_t doc, result *r, int *keep, ns_error *err)
{
    *keep = 0;
    memset(r, 0, sizeof *r);
    sqlite3_stmt *st = q->c->article;
    sqlite3_bind_int64(st, 1, doc);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) { /* replaced since its postings were read */
        sqlite3_reset(st);
        return NS_OK;
    }
    if (rc != SQLITE_ROW) {
        rc = ns_tr_sqlerr(err, q->c->db, rc, q->ix->path, "reading an article");
        sqlite3_reset(st);
        return rc;
    }
    const char *text = (const char *)sqlite3_column_text(st, 4);
    ns_span all = {0, (uint32_t)sqlite3_column_bytes(st, 4)};
    ns_tr_text src = {0};
    size_t n = q->pt->n_units;
    ns_tr_match *m = calloc(n ? n : 1, sizeof *m);
    unsigned char *quoted = calloc(n ? n : 1, 1);
    r->copied_units = calloc(n ? n : 1, 1);
    uint64_t *sh = NULL;
    size_t cap = 0;
    rc = m && quoted && r->copied_units ? NS_OK : ns_fail(err, NS_ESYSTEM, "out of memory");
    if (!rc && text)
        rc = ns_tr_text_build(&src, text, &all, 1, err);
    if (!rc)
        rc = ns_tr_align(q->pt, &src, m, err);
    if (!rc) {
        r->s.url = dup_col(st, 1);
        r->s.outlet = dup_col(st, 3);
        ns_tr_attribute(q->cited, q->page, q->pt, r->s.url, r->s.outlet, m, quoted);
        rc = build_items(r, q->pt, text ? text : "", m, quoted, err);
    }
    if (!rc && r->matched_words >= KEEP_WORDS) {
        long ns = ns_tr_shingles(src.w.h, src.w.n, &sh, &cap);
        if (ns < 0) {
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
        } else {
            /* distinct shingles of the source, and those the page has */
            size_t nu = 0, common = 0;
            u64set seen;
            if (set_init(&seen, (size_t)ns) < 0) {
                rc = ns_fail(err, NS_ESYSTEM, "out of memory");
                ns = 0;
            }
            for (long k = 0; k < ns; k++)
                if (set_add(&seen, sh[k])) {
                    nu++;
                    common += set_has(&q->pset_hash, sh[k]);
                }
            free(seen.v);
            r->s.containment_page = q->n_pset ? (double)common / (double)q->n_pset : 0;
            r->s.containment_source = nu ? (double)common / (double)nu : 0;
            r->s.copied_share = q->body_bytes ? (double)r->s.copied_bytes / (double)q->body_bytes : 0;
            r->s.source_share = all.end ? (double)r->source_bytes / (double)all.end : 0;
            if (r->s.source_share > 1) /* two page sentences from one source sentence */
                r->s.source_share = 1;
            r->s.id = dup_col(st, 0);
            r->s.title = dup_col(st, 2);
            r->doc = doc;
            if (!r->s.id)
                rc = ns_fail(err, NS_ESYSTEM, "out of memory");
            size_t strong = 0; /* words of nearly whole copied sentences */
            for (size_t i = 0; i < n; i++) {
                size_t nw = q->pt->u[i].w1 - q->pt->u[i].w0;
                if (m[i].copied && nw >= STRONG_UNIT && 5 * (size_t)m[i].matched >= 4 * nw)
                    strong += nw;
            }
            *keep = !rc && (((r->s.copied_share >= MIN_SHARE || r->s.source_share >= MIN_SOURCE) &&
                             (r->s.containment_page >= MIN_CONTAIN_PAGE ||
                              r->s.containment_source >= MIN_CONTAIN_SOURCE)) ||
                            (strong >= STRONG_WORDS && r->s.copied_share >= STRONG_SHARE &&
                             r->s.containment_page >= STRONG_CONTAIN_PAGE));
        }
    }
    sqlite3_reset(st);
    if (m)
        ns_tr_matches_free(m, n);
    free(m), free(quoted), free(sh);
    ns_tr_text_free(&src);
    if (rc || !*keep)
        result_free(r);
    return rc;
}

/* x before y?  More new bytes, then more bytes, then more of the source. */
static int better(const result *x, size_t x_new, const result *y, size_t y_new)
{
    if (x_new != y_new)
        return x_new > y_new;
    if (x->s.copied_bytes != y->s.copied_bytes)
        return x->s.copied_bytes > y->s.copied_bytes;
    if (x->s.containment_source != y->s.containment_source)
        return x->s.containment_source > y->s.containment_source;
    return x->doc < y->doc;
}

/* Orders the sources greedily: each next one is the one accounting for the
 * most page bytes the ones before it did not, so a page that copied two
 * articles lists both before the near-copies of the first. */
static int order_results(result *res, size_t n, const ns_tr_text *pt, ns_error *err)
{
    unsigned char *covered = calloc(pt->n_units ? pt->n_units : 1, 1);
    if (!covered)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    for (size_t pos = 0; pos < n; pos++) {
        size_t best = pos, best_new = 0;
        for (size_t j = pos; j < n; j++) {
            size_t fresh = 0;
            for (size_t i = 0; i < pt->n_units; i++)
                if (res[j].copied_units[i] && !covered[i])
                    fresh += pt->u[i].span.end - pt->u[i].span.start;
            if (j == pos || better(&res[j], fresh, &res[best], best_new))
                best = j, best_new = fresh;
        }
        result t = res[pos];
        res[pos] = res[best];
        res[best] = t;
        for (size_t i = 0; i < pt->n_units; i++)
            covered[i] |= res[pos].copied_units[i];
    }
    free(covered);
    return NS_OK;
}

void ns_trace_free(ns_trace *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        result r = {.s = t->src[i]};
        result_free(&r);
    }
    free(t->src);
    free(t->added);
    free(t);
}

size_t ns_trace_count(const ns_trace *t)
{
    return t ? t->n : 0;
}

/* ------------------------------------------------------------ the query */

static int find_sources(query *q, const page_key *keys, size_t nk, int top_k, result **out, size_t *n_out,
                        ns_error *err)
{
    hitmap h = {0};
    hit_count *cs = NULL;
    result *res = NULL;
    size_t nres = 0;
    *out = NULL, *n_out = 0;
    int rc = count_hits(q->ix, q->c, keys, nk, &h, err);
    if (!rc && h.used) {
        size_t nc = 0;
        if (!(cs = malloc(h.used * sizeof *cs)))
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
        for (size_t i = 0; !rc && i < h.cap; i++)
            if (h.e[i].doc)
                cs[nc++] = h.e[i];
        if (!rc) {
            /* the best verify_n first, without sorting thousands of others */
            size_t verify_n = (size_t)top_k + EXTRA_VERIFY;
            if (nc > verify_n) {
                /* one pass keeping the best verify_n in order at the front */
                size_t kept = 0;
                for (size_t j = 0; j < nc; j++) {
                    if (kept == verify_n && cmp_cand(&cs[j], &cs[kept - 1]) >= 0)
                        continue;
                    hit_count c = cs[j];
                    size_t at = kept < verify_n ? kept++ : kept - 1;
                    while (at > 0 && cmp_cand(&c, &cs[at - 1]) < 0) {
                        cs[at] = cs[at - 1];
                        at--;
                    }
                    cs[at] = c;
                }
                nc = verify_n;
            } else {
                qsort(cs, nc, sizeof *cs, cmp_cand);
            }
            if (!(res = calloc(nc, sizeof *res)))
                rc = ns_fail(err, NS_ESYSTEM, "out of memory");
            for (size_t i = 0; !rc && i < nc; i++) {
                int keep;
                rc = verify(q, cs[i].doc, &res[nres], &keep, err);
                nres += !rc && keep;
            }
        }
    }
    free(h.e), free(cs);
    if (rc) {
        for (size_t i = 0; i < nres; i++)
            result_free(&res[i]);
        free(res);
        return rc;
    }
    if (nres > 1 && (rc = order_results(res, nres, q->pt, err))) {
        for (size_t i = 0; i < nres; i++)
            result_free(&res[i]);
        free(res);
        return rc;
    }
    *out = res, *n_out = nres;
    return NS_OK;
}

/* The units no source accounts for. */
static int added_units(ns_trace *t, const ns_tr_text *pt, const result *res, size_t n, ns_error *err)
{
    t->added = malloc((pt->n_units ? pt->n_units : 1) * sizeof *t->added);
    if (!t->added)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    for (size_t i = 0; i < pt->n_units; i++) {
        int copied = 0;
        for (size_t k = 0; k < n && !copied; k++)
            copied = res[k].copied_units[i];
        if (!copied)
            t->added[t->n_added++] = pt->u[i].span;
    }
    return NS_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Keeps the MAX_PAGE_KEYS smallest of keys[0..n) (distinct), in page
 * order; returns their count (n when out of memory: all are kept). */
static size_t bottom_keys(page_key *keys, size_t n)
{
    uint64_t *h = malloc(n * sizeof *h);
    if (!h)
        return n;
    for (size_t i = 0; i < n; i++)
        h[i] = keys[i].key;
    qsort(h, n, sizeof *h, cmp_u64);
    uint64_t thr = h[MAX_PAGE_KEYS - 1];
    free(h);
    size_t out = 0;
    for (size_t i = 0; i < n; i++)
        if (keys[i].key <= thr)
            keys[out++] = keys[i];
    return out;
}

int ns_tr_trace(ns_index *ix, const ns_outlets *g, const ns_page *page, int top_k, ns_trace **out,
                ns_error *err)
{
    *out = NULL;
    if (top_k < 1 || top_k > 100)
        return ns_fail(err, NS_EUSAGE, "top_k must be within 1-100, not %d", top_k);
    ns_trace *t = calloc(1, sizeof *t);
    if (!t)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    for (size_t i = 0; i < page->n_paragraphs; i++)
        t->body_bytes += page->paragraphs[i].end - page->paragraphs[i].start;
    ns_tr_text pt = {0};
    ns_tr_cited *cited = NULL;
    uint64_t *pset = NULL;
    page_key *keys = NULL;
    uint32_t *unit_of = NULL;
    size_t cap = 0, n_res = 0;
    result *res = NULL;
    query q = {ix, NULL, page, &pt, {NULL, 0}, 0, NULL, t->body_bytes};
    int rc = ns_tr_text_build(&pt, page->text, page->paragraphs, page->n_paragraphs, err);
    long ns = rc ? 0 : ns_tr_shingles(pt.w.h, pt.w.n, &pset, &cap);
    if (!rc && (ns < 0 || (ns > 0 && !(keys = malloc((size_t)ns * sizeof *keys)))))
        rc = ns_fail(err, NS_ESYSTEM, "out of memory");
    size_t nk = 0;
    if (!rc && ns > 0) {
        /* the keys to look up, in page order, each with its unit */
        if (set_init(&q.pset_hash, (size_t)ns) < 0 || !(unit_of = calloc(pt.w.n + 1, sizeof *unit_of)))
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
        for (size_t u = 0; !rc && u < pt.n_units; u++)
            for (uint32_t w = pt.u[u].w0; w < pt.u[u].w1; w++)
                unit_of[w] = (uint32_t)u;
        for (long k = 0; !rc && k < ns; k++)
            if (set_add(&q.pset_hash, pset[k])) {
                q.n_pset++;
                if ((pset[k] >> 32) < NS_TR_QUERY_THRESHOLD)
                    keys[nk++] = (page_key){pset[k], unit_of[k]};
            }
    }
    if (!rc && nk > MAX_PAGE_KEYS)
        nk = bottom_keys(keys, nk);
    if (!rc && nk)
        rc = ns_tr_cited_find(g, page, &cited, err);
    q.cited = cited;
    if (!rc && nk)
        rc = ns_tr_text_pairs(&pt, err); /* once, for every candidate's alignment */
    if (!rc && nk && !(q.c = ns_tr_borrow(ix, err)))
        rc = err->code ? err->code : NS_ESYSTEM;
    if (!rc && nk) {
        /* one read transaction: one snapshot, and no lock taken per statement */
        sqlite3_exec(q.c->db, "BEGIN", NULL, NULL, NULL);
        rc = find_sources(&q, keys, nk, top_k, &res, &n_res, err);
        sqlite3_exec(q.c->db, "COMMIT", NULL, NULL, NULL);
    }
    if (q.c)
        ns_tr_return(ix, q.c);
    size_t keep = n_res < (size_t)top_k ? n_res : (size_t)top_k;
    if (!rc)
        rc = added_units(t, &pt, res, keep, err);
    if (!rc && keep && !(t->src = calloc(keep, sizeof *t->src)))
        rc = ns_fail(err, NS_ESYSTEM, "out of memory");
    for (size_t i = 0; i < n_res; i++) {
        if (!rc && i < keep) {
            t->src[t->n++] = res[i].s;
            free(res[i].copied_units);
        } else {
            result_free(&res[i]);
        }
    }
    free(res), free(pset), free(keys), free(unit_of), free(q.pset_hash.v);
    ns_tr_cited_free(cited);
    ns_tr_text_free(&pt);
    if (rc) {
        ns_trace_free(t);
        return rc;
    }
    *out = t;
    return NS_OK;
}

int ns_trace_page(ns_index *ix, const ns_page *page, int top_k, ns_trace **out, ns_error *err)
{
    return ns_tr_trace(ix, ix->outlets, page, top_k, out, err);
}
