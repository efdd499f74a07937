/* trace_text.c — a trace for a terminal: each source with how much of the
 * page it accounts for and its passages, then the sentences the page added.
 * Lines stay within 80 columns; colour (ANSI) only when asked: copied text
 * grey, changed words and added sentences highlighted. */
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"
#include "util/strbuf.h"

#define WIDTH 80
#define SHOW 12 /* passages shown a source */

static void paint(ns_strbuf *b, int color, const char *code, const char *s)
{
    if (color)
        sb_printf(b, "\x1b[%sm%s\x1b[0m", code, s);
    else
        sb_puts(b, s);
}

static void snippet(ns_strbuf *b, int color, const char *code, const ns_page *p, ns_span s, size_t max)
{
    if (color)
        sb_printf(b, "\x1b[%sm", code);
    sb_quote(b, p->text + s.start, s.end - s.start, max);
    if (color)
        sb_puts(b, "\x1b[0m");
}

static const char *const KIND[] = {"exact", "near", "quoted"};

static size_t columns(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* "changed: "a", "b", ..." on one line of at most WIDTH columns. */
static void changes_line(ns_strbuf *b, int color, const ns_page *p, const ns_tr_copy *c)
{
    const char *lead = "               changed: ";
    size_t used = strlen(lead);
    sb_puts(b, lead);
    for (size_t q = 0; q < c->n_changes; q++) {
        ns_strbuf one = {0};
        sb_quote(&one, p->text + c->changes[q].start, c->changes[q].end - c->changes[q].start, 20);
        size_t w = one.oom ? 0 : columns(one.p, one.n) + (q ? 2 : 0);
        if (!w || used + w > WIDTH - 4) {
            if (q)
                sb_puts(b, ", \xe2\x80\xa6");
            sb_free(&one);
            break;
        }
        if (q)
            sb_puts(b, ", ");
        if (color)
            sb_puts(b, "\x1b[1;31m");
        sb_put(b, one.p, one.n);
        if (color)
            sb_puts(b, "\x1b[0m");
        used += w;
        sb_free(&one);
    }
    sb_puts(b, "\n");
}

static void source_text(ns_strbuf *b, const ns_tr_source *s, size_t i, const ns_page *p, int color)
{
    sb_printf(b, "\n  %zu. ", i + 1);
    if (s->title && *s->title)
        sb_quote(b, s->title, strlen(s->title), WIDTH - 10);
    else
        sb_quote(b, s->id, strlen(s->id), WIDTH - 10);
    sb_puts(b, "\n     ");
    sb_quote(b, s->id, strlen(s->id), 30);
    if (s->url && *s->url) {
        sb_puts(b, "  ");
        sb_put(b, s->url, strlen(s->url) > WIDTH - 40 ? WIDTH - 40 : strlen(s->url));
    }
    sb_printf(b, "\n     copied: %.0f%% of the page's body\n", 100 * s->copied_share);
    sb_printf(b, "     4-word shingles in common: %.0f%% of the page's, %.0f%% of the source's\n",
              100 * s->containment_page, 100 * s->containment_source);
    size_t kinds[3] = {0, 0, 0};
    for (size_t k = 0; k < s->n_copied; k++)
        kinds[s->copied[k].kind]++;
    sb_printf(b, "     %zu passage%s:", s->n_copied, s->n_copied == 1 ? "" : "s");
    for (int k = 0; k < 3; k++)
        if (kinds[k])
            sb_printf(b, " %zu %s", kinds[k], KIND[k]);
    sb_puts(b, s->attributed ? "; the page names the source\n" : "; the page does not name the source\n");
    for (size_t k = 0; k < s->n_copied && k < SHOW; k++) {
        const ns_tr_copy *c = &s->copied[k];
        sb_printf(b, "       %-7s ", c->near && c->kind == NS_TR_QUOTED ? "quoted~" : KIND[c->kind]);
        snippet(b, color, "90", p, c->span, WIDTH - 21);
        sb_puts(b, "\n");
        if (c->n_changes)
            changes_line(b, color, p, c);
    }
    if (s->n_copied > SHOW)
        sb_printf(b, "       ... and %zu more\n", s->n_copied - SHOW);
}

char *ns_trace_text(const ns_trace *t, const ns_page *page, int color)
{
    ns_strbuf b = {0};
    if (!t->n) {
        sb_puts(&b, "  No source found: the index holds no article this page's body copied.\n");
    } else {
        sb_printf(&b, "  %zu source%s found; %zu of the body's sentences are in none of them.\n", t->n,
                  t->n == 1 ? "" : "s", t->n_added);
        for (size_t i = 0; i < t->n; i++)
            source_text(&b, &t->src[i], i, page, color);
    }
    if (t->n && t->n_added) {
        sb_puts(&b, "\n  ");
        paint(&b, color, "1", "Added by the page");
        sb_puts(&b, " (in no source):\n");
        for (size_t i = 0; i < t->n_added; i++) {
            sb_puts(&b, "       ");
            snippet(&b, color, "1;33", page, t->added[i], WIDTH - 13);
            sb_puts(&b, "\n");
        }
    }
    if (b.oom) {
        sb_free(&b);
        return NULL;
    }
    return b.p;
}
