/*
 * html_title.c — the headline of an HTML page: og:title / twitter:title,
 * else the longest <h1> (or <h2>/<h3>) that <title> holds, else <title>
 * without the site's name (" | Site", "Site :: "), else the first <h1>,
 * else an <h2> above the article's first paragraph.
 */
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page.h"
#include "util/strbuf.h"

static size_t words(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
            w++;
    return w;
}

static int has_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return 1;
    return 0;
}

static const char *const title_seps[] = {" | ",  " - ",        " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                         " :: ", " \xC2\xBB ", " \xC2\xAB ",     " \xC2\xB7 ",
                                         " / ",  NULL};

/* Whether a title separator starts at ref[c] (or c is full, the end). */
static int sep_at(const char *ref, size_t c, size_t full, size_t *len)
{
    for (const char *const *p = title_seps; *p; p++) {
        size_t pl = strlen(*p);
        if (c + pl <= full && !memcmp(ref + c, *p, pl))
            return *len = pl, 1;
    }
    return 0;
}

/* Cuts the site's name off "Headline | Site" or "Site - Headline" when the
 * page names its site; else, with guess, cuts a short tail ("Headline -
 * Daily News Wire") or head that reads like a site name. */
static void strip_site(const char *s, size_t *a, size_t *e, const char *site, int guess)
{
    /* "Headline : r/news", old Reddit's (" : " alone may be French typography) */
    for (size_t i = *e; i-- > *a + 3;)
        if (!memcmp(s + i - 3, " : r/", 5) && i + 2 < *e) {
            if (!memchr(s + i + 2, ' ', *e - i - 2))
                *e = i - 3;
            break;
        }
    for (int round = 0; round < 2; round++) {
        size_t first = SIZE_MAX, flen = 0, last = SIZE_MAX, llen = 0;
        for (size_t i = *a, pl; i < *e; i++)
            if (sep_at(s, i, *e, &pl)) {
                if (first == SIZE_MAX) {
                    first = i;
                    flen = pl;
                }
                last = i;
                llen = pl;
            }
        if (last == SIZE_MAX)
            return;
        size_t sl = site ? strlen(site) : 0;
        if (sl) {
            if (*e - last - llen == sl && !strncasecmp(s + last + llen, site, sl)) {
                *e = last;
                continue;
            }
            if (first - *a == sl && !strncasecmp(s + *a, site, sl)) {
                *a = first + flen;
                continue;
            }
            if (!guess)
                return;
        }
        if (!guess)
            return;
        size_t pre = words(s + *a, last - *a), suf = words(s + last + llen, *e - last - llen);
        /* a second tail cut is a section ("Headline | World news | Site"),
         * and a section has no figures: "Volumes - APR 7" is the headline's */
        if (suf <= 4 && pre >= 3 && !(round && has_digit(s + last + llen, *e - last - llen))) {
            *e = last;
            continue;
        }
        size_t fpre = words(s + *a, first - *a), frest = words(s + first + flen, *e - first - flen);
        if (fpre <= 4 && frest >= 3) {
            *a = first + flen;
            continue;
        }
        return;
    }
}

/* Joins the rendered paragraphs with spaces; stops past 2,000 bytes. */
static int emit_join(const char *s, size_t n, size_t links, void *vc)
{
    ns_strbuf *c = vc;
    (void)links;
    if (n == 0 || !s)
        return 0;
    if (c->n)
        sb_put(c, " ", 1);
    sb_put(c, s, n);
    return c->oom || c->n > 2000;
}

/* Normalised copy of a string (white space collapsed and trimmed). */
static size_t norm_ws(const char *s, char *out)
{
    size_t o = 0, n = strlen(s);
    int sp = 0;
    for (size_t i = 0; i < n;) {
        size_t l = ns_pg_space_at(s + i, n - i);
        if (l) {
            sp = 1;
            i += l;
            continue;
        }
        if (sp && o)
            out[o++] = ' ';
        sp = 0;
        out[o++] = s[i++];
    }
    out[o] = 0;
    return o;
}

/* The longest <h1> outside comments whose text appears in ref (with ref
 * NULL: the first <h1>), copied into best; 1 when found, -1 when out of
 * memory.  A site's logo in an <h1> is shorter than the headline.  With
 * ref, an <h2> or <h3> matching more of it is the headline of a blog whose
 * <h1> is its name ("Blog Name: Post Title"). */
static int h1_matches(const ns_pg_dom *d, const char *ref, ns_strbuf *h1, ns_strbuf *best)
{
    int found = 0, seen = 0;
    best->n = 0;
    for (size_t i = 0; i < d->n && seen < 64; i++) {
        const xmlNode *hn = d->el[i].node;
        int h1_tag = ns_pg_tag_is(hn, "h1");
        if (!(h1_tag || (ref && (ns_pg_tag_is(hn, "h2") || ns_pg_tag_is(hn, "h3")))) ||
            (d->el[i].flags & NS_PG_INCOMMENT))
            continue;
        seen++;
        h1->n = 0;
        if (ns_pg_dom_render_n(d, d->el[i].node, NULL, emit_join, h1, 1000) != NS_OK || h1->oom)
            return -1;
        if (h1->n == 0)
            continue;
        if (ref && !(h1->n >= 8 && strstr(ref, h1->p)))
            continue;
        if (found && h1->n <= best->n)
            continue;
        best->n = 0;
        if (emit_join(h1->p, h1->n, 0, best), best->oom)
            return -1;
        found = 1;
        if (!ref)
            break;
    }
    return found;
}

static size_t non_space(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += s[i] != ' ';
    return c;
}

/* The longest of ref[*a..*e) and its extensions to the separators that
 * strip_site cut at (back to the title's start, on to full, its end) that
 * some element outside the comments holds as its whole text, into *a and
 * *e: a headline with a dash of its own ("Manufacturers expect downturn -
 * survey", "ECONOMIC SPOTLIGHT - JAPAN EYEING FOREIGN STOCKS") lost a part
 * with the site's name when the page shows it in no <h1>, but in a <div
 * class="headline">.  The element counts were made without white space, so
 * only an element of a candidate's length is rendered.  -1 when out of
 * memory. */
static int shown_whole(const ns_pg_dom *d, const char *ref, size_t *a, size_t *e, size_t full, ns_strbuf *buf)
{
    /* the candidate starts and ends, and the lengths between them without
     * white space, found once for all the elements */
    size_t n_starts = 0, n_ends = 0, pl;
    size_t *starts = malloc((*a + 1 + full - *e + 1) * sizeof *starts), *counts = NULL;
    if (!starts)
        return -1;
    size_t *ends = starts + *a + 1;
    starts[n_starts++] = 0;
    for (size_t c = 0; c < *a; c++)
        if (sep_at(ref, c, full, &pl) && c + pl < *a)
            starts[n_starts++] = c + pl;
    if (*a)
        starts[n_starts++] = *a;
    for (size_t c = *e; c <= full; c++)
        if (c == *e || c == full || sep_at(ref, c, full, &pl))
            ends[n_ends++] = c;
    if (!(counts = malloc(n_starts * n_ends * sizeof *counts))) {
        free(starts);
        return -1;
    }
    for (size_t si = 0; si < n_starts; si++)
        for (size_t k = 0; k < n_ends; k++)
            counts[si * n_ends + k] = non_space(ref + starts[si], ends[k] - starts[si]);
    size_t ba = *a, be = *e, have = non_space(ref + ba, be - ba);
    int rc = 0;
    for (size_t i = d->n; i-- > 0;) {
        const ns_pg_el *el = &d->el[i];
        if ((el->flags & (NS_PG_INCOMMENT | NS_PG_HASBLOCK)) || el->text < 8 || el->text > 600 ||
            el->text <= have)
            continue;
        int rendered = 0;
        for (size_t p = 0; p < n_starts * n_ends; p++) {
            size_t sa = starts[p / n_ends], c = ends[p % n_ends];
            if (counts[p] != el->text)
                continue;
            if (!rendered++) {
                buf->n = 0;
                if (ns_pg_dom_render_n(d, el->node, NULL, emit_join, buf, 1000) != NS_OK || buf->oom) {
                    rc = -1;
                    goto out;
                }
            }
            if (buf->n == c - sa && !memcmp(buf->p, ref + sa, c - sa)) {
                ba = sa, be = c, have = el->text;
                break;
            }
        }
    }
    *a = ba, *e = be;
out:
    free(starts);
    free(counts);
    return rc;
}

/* No <title>, no <h1>: the first <h2> outside comments, when it comes
 * before the first paragraph of prose (a headline, not a section's name). */
static int first_heading(const ns_pg_dom *d, ns_strbuf *best)
{
    best->n = 0;
    for (size_t i = 0; i < d->n; i++) {
        const ns_pg_el *e = &d->el[i];
        if (e->flags & NS_PG_INCOMMENT)
            continue;
        if (ns_pg_tag_is(e->node, "p") && e->text >= 80)
            return 0;
        if (!ns_pg_tag_is(e->node, "h2") || e->text == 0 || e->text > 300)
            continue;
        if (ns_pg_dom_render_n(d, e->node, NULL, emit_join, best, 1000) != NS_OK || best->oom)
            return -1;
        return best->n > 0;
    }
    return 0;
}

int ns_pg_html_title(const ns_pg_dom *d, const char *og_title, const char *title, const char *site,
                     ns_pg_builder *b)
{
    ns_strbuf h1 = {0}, best = {0};
    int rc = NS_OK;
    char *og = NULL, *tt = NULL;
    if (og_title) {
        og = malloc(strlen(og_title) + 1);
        if (og)
            norm_ws(og_title, og);
    }
    if (title) {
        tt = malloc(strlen(title) + 1);
        if (tt)
            norm_ws(title, tt);
    }
    if ((og_title && !og) || (title && !tt)) {
        rc = NS_ESYSTEM;
        goto out;
    }
    for (int k = 0; k < 2; k++) {
        const char *ref = k == 0 ? og : tt;
        if (!ref)
            continue;
        int m = h1_matches(d, ref, &h1, &best);
        if (m < 0) {
            rc = NS_ESYSTEM;
            goto out;
        }
        if (m > 0) {
            ns_pg_builder_title(b, best.p, best.n);
            goto out;
        }
    }
    for (int k = 0; k < 2; k++) {
        const char *ref = k == 0 ? og : tt;
        if (!ref || !*ref)
            continue;
        size_t a = 0, full = strlen(ref), e = full;
        strip_site(ref, &a, &e, site, k == 1);
        if ((e < full || a > 0) && shown_whole(d, ref, &a, &e, full, &h1) < 0) {
            rc = NS_ESYSTEM;
            goto out;
        }
        /* a shortened title ("Storm batters coast | Site") that the page's
         * <h1> goes on from ("Storm batters coast, leaving thousands ..."):
         * the <h1> is the headline */
        int m = e - a >= 12 ? h1_matches(d, NULL, &h1, &best) : 0;
        if (m < 0) {
            rc = NS_ESYSTEM;
            goto out;
        }
        if (m > 0 && best.n > e - a && !memcmp(best.p, ref + a, e - a) &&
            (best.p[e - a] == ' ' || best.p[e - a] == ',' || best.p[e - a] == ':' || best.p[e - a] == ';')) {
            ns_pg_builder_title(b, best.p, best.n);
            goto out;
        }
        ns_pg_builder_title(b, ref + a, e - a);
        goto out;
    }
    int m = h1_matches(d, NULL, &h1, &best);
    if (m < 0)
        rc = NS_ESYSTEM;
    else if (m > 0)
        ns_pg_builder_title(b, best.p, best.n);
    else if ((m = first_heading(d, &best)) < 0)
        rc = NS_ESYSTEM;
    else if (m > 0)
        ns_pg_builder_title(b, best.p, best.n);
out:
    free(og);
    free(tt);
    sb_free(&h1);
    sb_free(&best);
    return rc;
}
