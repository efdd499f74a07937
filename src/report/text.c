/* text.c — the report for a terminal: the verdict first, then each signal
 * with its evidence, quoted from the page and cut to fit 80 columns.
 * Colour (ANSI) only when the caller says the output is a terminal. */
#include <string.h>

#include "analyze/report.h"
#include "trace/trace.h"
#include "util/strbuf.h"

#define WIDTH 80

typedef struct tw {
    ns_strbuf b;
    int color;
} tw;

static void paint(tw *w, const char *code, const char *s)
{
    if (w->color)
        sb_printf(&w->b, "\x1b[%sm%s\x1b[0m", code, s);
    else
        sb_puts(&w->b, s);
}

static void quote(tw *w, const char *s, size_t n, size_t max)
{
    sb_quote(&w->b, s, n, max);
}

static void span_quote(tw *w, const ns_page *p, ns_span s, size_t max)
{
    quote(w, p->text + s.start, s.end - s.start, max);
}

static void bar(tw *w, double v)
{
    int full = (int)(v * 10 + 0.5);
    for (int i = 0; i < 10; i++)
        sb_puts(&w->b, i < full ? "\xe2\x96\x88" : "\xc2\xb7");
}

/* The best source: how much of the body came from it, whether the page
 * names it, and the sentences the page added around the copies. */
static void trace_text(tw *w, const ns_report *r)
{
    const ns_page *p = r->page;
    const ns_trace *t = r->trace;
    if (!t->n) {
        sb_puts(&w->b, "\n  trace: no source of the body in the index\n");
        return;
    }
    const ns_tr_source *s = &t->src[0];
    const char *name = s->title && *s->title ? s->title : s->id;
    sb_printf(&w->b, "\n  trace: %.0f%% of the body copied from ", 100 * s->copied_share);
    quote(w, name, strlen(name), WIDTH - 40);
    sb_puts(&w->b, "\n    ");
    quote(w, s->id, strlen(s->id), 30);
    if (s->url && *s->url) {
        size_t n = strlen(s->url);
        sb_puts(&w->b, " ");
        sb_put(&w->b, s->url, n > WIDTH - 40 ? WIDTH - 40 : n);
    }
    sb_puts(&w->b, s->attributed ? "; the page names it" : "; ");
    if (!s->attributed)
        paint(w, "1;31", "the page does not name it");
    sb_puts(&w->b, "\n");
    if (t->n > 1)
        sb_printf(&w->b, "    and %zu more source%s (newssift trace query shows them)\n", t->n - 1,
                  t->n == 2 ? "" : "s");
    for (size_t i = 0; i < t->n_added && i < 3; i++) {
        sb_puts(&w->b, i ? "           " : "    added  ");
        span_quote(w, p, t->added[i], WIDTH - 16);
        sb_puts(&w->b, "\n");
    }
    if (t->n_added > 3)
        sb_printf(&w->b, "           ... and %zu more sentence%s added\n", t->n_added - 3,
                  t->n_added == 4 ? "" : "s");
}

char *ns_report_text(const ns_report *r, int color)
{
    tw w = {{0}, color};
    const ns_page *p = r->page;
    if (p->has_title) {
        sb_puts(&w.b, "  ");
        span_quote(&w, p, p->title, WIDTH - 6);
        sb_puts(&w.b, "\n");
    }
    if (p->domain)
        sb_printf(&w.b, "  %s\n", p->domain);
    const char *vc = !strcmp(r->verdict, "reliable")     ? "1;32"
                     : !strcmp(r->verdict, "unreliable") ? "1;31"
                                                         : "1;33";
    if (!strcmp(r->verdict, "unknown")) {
        /* a number here would read as a judgement the page gives no ground for */
        sb_puts(&w.b, "\n  trust -/100  ");
        paint(&w, vc, r->verdict);
        sb_puts(&w.b, ": no article text, site rating or trace to judge");
    } else {
        sb_printf(&w.b, "\n  trust %d/100  ", r->trust);
        paint(&w, vc, r->verdict);
    }
    sb_puts(&w.b, "\n\n  signal       score               share\n");
    for (int i = 0; i < SIG_COUNT; i++) {
        const ns_signal *s = &r->signals[i];
        sb_printf(&w.b, "  %-10s ", ns_signal_names[i]);
        if (!s->known) {
            sb_puts(&w.b, "  (no information)\n");
            continue;
        }
        sb_puts(&w.b, "  ");
        bar(&w, s->score);
        sb_printf(&w.b, " %4.2f   %3.0f%%\n", s->score, 100 * s->share);
    }
    if (r->has_content) {
        sb_printf(&w.b, "\n  content: p(unreliable) %.2f; the phrases that pushed it:\n", r->p_unreliable);
        for (size_t i = 0; i < r->n_content_ev; i++) {
            sb_puts(&w.b, "    ");
            span_quote(&w, p, r->content_ev[i].span, WIDTH - 16);
            sb_printf(&w.b, "  %+.2f\n", r->content_ev[i].weight);
        }
    }
    if (r->has_headline) {
        sb_printf(&w.b, "\n  headline: p(clickbait) %.2f", r->p_clickbait);
        for (size_t i = 0; i < r->n_markers; i++) {
            sb_printf(&w.b, "%s%s ", i ? ", " : "; ", r->markers[i].kind);
            span_quote(&w, p, r->markers[i].span, 30);
        }
        sb_puts(&w.b, "\n");
    }
    if (r->n_vague || r->n_cited || r->n_quotes || r->n_propaganda) {
        sb_puts(&w.b, "\n  sourcing:\n");
        for (size_t i = 0; i < r->n_vague; i++) {
            sb_puts(&w.b, "    vague      ");
            span_quote(&w, p, r->vague[i], WIDTH - 20);
            sb_puts(&w.b, "\n");
        }
        for (size_t i = 0; i < r->n_cited; i++) {
            sb_printf(&w.b, "    cited      %s (%s)\n", r->cited[i].name, r->cited[i].kind);
        }
        for (size_t i = 0; i < r->n_quotes; i++) {
            sb_puts(&w.b, "    quote      ");
            if (r->quotes[i].has_speaker) {
                span_quote(&w, p, r->quotes[i].speaker_span, 24);
                sb_puts(&w.b, ": ");
            }
            span_quote(&w, p, r->quotes[i].span, 36);
            sb_puts(&w.b, "\n");
        }
        for (size_t i = 0; i < r->n_propaganda; i++) {
            sb_printf(&w.b, "    propaganda %.2f ", r->propaganda[i].p);
            span_quote(&w, p, r->propaganda[i].span, WIDTH - 26);
            sb_puts(&w.b, "\n");
        }
    }
    if (p->domain || r->n_hits) {
        sb_printf(&w.b, "\n  source: %s", p->domain ? p->domain : "(no domain)");
        if (!r->n_hits)
            sb_puts(&w.b, ", on no loaded list");
        if (r->prior_learned)
            sb_printf(&w.b, "; learned prior p(reliable) %.2f", r->prior);
        for (size_t i = 0; i < r->n_hits; i++)
            sb_printf(&w.b, "%s%s: %s", i ? "; " : ", ", r->hits[i].list, r->hits[i].label);
        sb_puts(&w.b, "\n");
    }
    if (r->trace)
        trace_text(&w, r);
    if (p->n_comments) {
        sb_printf(&w.b, "\n  comments: %zu\n", p->n_comments);
        for (size_t i = 0; i < p->n_comments; i++) {
            const ns_comment_result *c = &r->comments[i];
            const char *label = ns_model_label(r->comment_model, c->label);
            sb_puts(&w.b, "    ");
            if (p->comments[i].has_author)
                span_quote(&w, p, p->comments[i].author, 24);
            else
                sb_puts(&w.b, "(anonymous)");
            sb_puts(&w.b, "  ");
            paint(&w, !strcmp(label, "ok") ? "32" : "1;31", label);
            sb_printf(&w.b, " %.2f", c->probs[c->label]);
            if (c->n_evidence && strcmp(label, "ok")) {
                sb_puts(&w.b, "  ");
                span_quote(&w, p, c->evidence[0].span, 36);
            }
            sb_puts(&w.b, "\n");
        }
    }
    if (w.b.oom) {
        sb_free(&w.b);
        return NULL;
    }
    return w.b.p;
}
