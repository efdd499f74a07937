/* html.c — the report as one self-contained HTML file: the verdict and the
 * signals on top, then the trace's sources (with an index), then the page
 * text itself with every piece of evidence highlighted where it stands and,
 * under it, the copied text in grey and the added text highlighted, then
 * the comments.  No scripts, no external
 * resources: the file can be mailed, archived or opened offline. */
#include <stdlib.h>
#include <string.h>

#include "analyze/report.h"
#include "trace/trace.h"
#include "util/strbuf.h"

enum mark {
    M_NONE,
    M_CONTENT,
    M_PROP,
    M_VAGUE,
    M_CITED,
    M_QUOTE,
    M_SPEAKER,
    M_MARKER,
    M_HATE,
    M_OFFENSIVE,
    M_AUTHOR,
    M_COUNT
};
static const char *const mark_class[M_COUNT] = {"",        "content", "prop", "vague",     "cited", "quote",
                                                "speaker", "marker",  "hate", "offensive", "author"};

static void esc(ns_strbuf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *e = NULL;
        switch (s[i]) {
        case '&': e = "&amp;"; break;
        case '<': e = "&lt;"; break;
        case '>': e = "&gt;"; break;
        case '"': e = "&quot;"; break;
        case '\0': e = "\xef\xbf\xbd"; break;
        default: continue;
        }
        sb_put(b, s + run, i - run);
        sb_puts(b, e);
        run = i + 1;
    }
    sb_put(b, s + run, n - run);
}

static void paint(unsigned char *m, size_t len, ns_span s, enum mark k)
{
    for (size_t i = s.start; i < s.end && i < len; i++)
        m[i] = (unsigned char)k;
}

static const char css[] =
    "body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "h1{font-size:1.4rem}.verdict{font-size:1.3rem;font-weight:700;padding:.2rem .6rem;border-radius:.3rem}"
    ".v-unreliable{background:#fdd;color:#900}.v-questionable{background:#ffe9b3;color:#850}"
    ".v-reliable{background:#dfd;color:#060}.v-unknown{background:#eee}"
    "table{border-collapse:collapse}td,th{padding:.15rem .6rem;text-align:left}"
    ".bar{display:inline-block;height:.7rem;background:#c33;vertical-align:middle}"
    ".page{white-space:pre-wrap;border:1px solid #ddd;padding:1rem;border-radius:.3rem}"
    "mark{border-radius:.2rem;padding:0 .1rem}mark.content{background:#ffd6a5}mark.prop{background:#ffc6ff}"
    "mark.vague{background:#fdffb6}mark.cited{background:#caffbf}mark.quote{background:#e0f0ff}"
    "mark.speaker{background:#9bf6ff}mark.marker{background:#ffadad}mark.hate{background:#ff6b6b;color:#fff}"
    "mark.offensive{background:#ffb3b3}mark.author{background:none;font-weight:700}"
    ".legend mark{margin-right:.4rem}"
    ".tr-copied{color:#6b6b6b}.tr-added{background:#fff3b0}.tr-change{color:#b00;text-decoration:underline}"
    ".tr-copied mark{color:inherit}.trace span{margin-right:.4rem}";

/* The trace layer under the evidence: which bytes of the body were copied
 * (and from which source), which words a copy changed, which the page
 * added.  Codes: 0 none, TR_ADDED, TR_CHANGE + source, TR_COPIED + source. */
enum { TR_ADDED = 1, TR_CHANGE = 2, TR_COPIED = 66, TR_MAX_SOURCES = 64 };

static unsigned char *trace_layer(const ns_report *r)
{
    const ns_page *p = r->page;
    unsigned char *t = calloc(p->len + 1, 1);
    if (!t || !r->trace)
        return t;
    for (size_t i = 0; i < r->trace->n_added; i++)
        for (size_t k = r->trace->added[i].start; k < r->trace->added[i].end && k < p->len; k++)
            t[k] = TR_ADDED;
    /* the best source last, so it wins where sources overlap */
    for (size_t j = r->trace->n < TR_MAX_SOURCES ? r->trace->n : TR_MAX_SOURCES; j-- > 0;) {
        const ns_tr_source *s = &r->trace->src[j];
        for (size_t i = 0; i < s->n_copied; i++) {
            const ns_tr_copy *c = &s->copied[i];
            for (size_t k = c->span.start; k < c->span.end && k < p->len; k++)
                t[k] = (unsigned char)(TR_COPIED + j);
            for (size_t q = 0; q < c->n_changes; q++)
                for (size_t k = c->changes[q].start; k < c->changes[q].end && k < p->len; k++)
                    t[k] = (unsigned char)(TR_CHANGE + j);
        }
    }
    return t;
}

static const char *source_name(const ns_tr_source *s)
{
    return s->title && *s->title ? s->title : s->id;
}

static void trace_open(ns_strbuf *b, const ns_report *r, unsigned char code)
{
    if (code == TR_ADDED) {
        sb_puts(b, "<span class=\"tr-added\" title=\"added by the page\">");
        return;
    }
    int copied = code >= TR_COPIED;
    const ns_tr_source *s = &r->trace->src[code - (copied ? TR_COPIED : TR_CHANGE)];
    sb_puts(b, copied ? "<span class=\"tr-copied\" title=\"copied from "
                      : "<span class=\"tr-change\" title=\"changed from ");
    esc(b, source_name(s), strlen(source_name(s)));
    sb_puts(b, "\">");
}

/* The trace above the page: the sources and how to read the colours. */
static void trace_section(ns_strbuf *b, const ns_report *r)
{
    const ns_trace *t = r->trace;
    sb_puts(b, "<h2>Trace</h2>\n");
    if (!t->n) {
        sb_puts(b, "<p>No source of the body in the index.</p>\n");
        return;
    }
    sb_puts(b, "<ol>\n");
    for (size_t i = 0; i < t->n; i++) {
        const ns_tr_source *s = &t->src[i];
        sb_printf(b, "<li>%.0f%% of the body copied from <b>", 100 * s->copied_share);
        esc(b, source_name(s), strlen(source_name(s)));
        sb_puts(b, "</b> (");
        if (s->url && *s->url) {
            sb_puts(b, "<a href=\"");
            esc(b, s->url, strlen(s->url));
            sb_puts(b, "\">");
            esc(b, s->url, strlen(s->url));
            sb_puts(b, "</a>");
        } else {
            esc(b, s->id, strlen(s->id));
        }
        sb_puts(b,
                s->attributed ? "); the page names it</li>\n" : "); <b>the page does not name it</b></li>\n");
    }
    sb_printf(b,
              "</ol>\n<p class=\"trace\"><span class=\"tr-copied\">grey: copied</span>"
              "<span class=\"tr-change\">words the copy changed</span>"
              "<span class=\"tr-added\">added by the page (%zu sentence%s)</span></p>\n",
              t->n_added, t->n_added == 1 ? "" : "s");
}

char *ns_report_html(const ns_report *r)
{
    const ns_page *p = r->page;
    ns_strbuf b = {0};
    unsigned char *m = calloc(p->len + 1, 1), *tr = trace_layer(r);
    if (!m || !tr) {
        free(m), free(tr);
        return NULL;
    }
    /* Later layers win where spans overlap: the most specific on top. */
    for (size_t i = 0; i < r->n_content_ev; i++)
        paint(m, p->len, r->content_ev[i].span, M_CONTENT);
    for (size_t i = 0; i < r->n_propaganda; i++)
        paint(m, p->len, r->propaganda[i].span, M_PROP);
    for (size_t i = 0; i < r->n_quotes; i++) {
        paint(m, p->len, r->quotes[i].span, M_QUOTE);
        if (r->quotes[i].has_speaker)
            paint(m, p->len, r->quotes[i].speaker_span, M_SPEAKER);
    }
    for (size_t i = 0; i < r->n_vague; i++)
        paint(m, p->len, r->vague[i], M_VAGUE);
    for (size_t i = 0; i < r->n_cited; i++)
        paint(m, p->len, r->cited[i].span, M_CITED);
    for (size_t i = 0; i < r->n_markers; i++)
        paint(m, p->len, r->markers[i].span, M_MARKER);
    for (size_t i = 0; i < p->n_comments; i++) {
        const ns_comment_result *c = &r->comments[i];
        const char *label = ns_model_label(r->comment_model, c->label);
        enum mark k = !strcmp(label, "hate") ? M_HATE : !strcmp(label, "offensive") ? M_OFFENSIVE : M_NONE;
        if (p->comments[i].has_author)
            paint(m, p->len, p->comments[i].author, M_AUTHOR);
        for (size_t j = 0; k != M_NONE && j < c->n_evidence; j++)
            paint(m, p->len, c->evidence[j].span, k);
    }
    sb_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>newssift: ");
    if (p->has_title)
        esc(&b, p->text + p->title.start, p->title.end - p->title.start);
    else
        sb_puts(&b, "report");
    sb_printf(&b, "</title><style>%s</style></head><body>\n<h1>", css);
    if (p->has_title)
        esc(&b, p->text + p->title.start, p->title.end - p->title.start);
    else
        sb_puts(&b, "(no title)");
    if (!strcmp(r->verdict, "unknown"))
        sb_puts(&b,
                "</h1>\n<p>trust <b>-</b>/100 <span class=\"verdict v-unknown\">unknown</span>: no article "
                "text, site rating or trace to judge");
    else
        sb_printf(&b, "</h1>\n<p>trust <b>%d</b>/100 <span class=\"verdict v-%s\">%s</span>", r->trust,
                  r->verdict, r->verdict);
    if (p->domain) {
        sb_puts(&b, " &middot; ");
        esc(&b, p->domain, strlen(p->domain));
    }
    sb_puts(&b, "</p>\n<table><tr><th>signal</th><th>score</th><th>share</th></tr>\n");
    for (int i = 0; i < SIG_COUNT; i++) {
        const ns_signal *s = &r->signals[i];
        sb_printf(&b, "<tr><td>%s</td>", ns_signal_names[i]);
        if (s->known)
            sb_printf(
                &b, "<td><span class=\"bar\" style=\"width:%.1frem\"></span> %.2f</td><td>%.0f%%</td></tr>\n",
                5 * s->score, s->score, 100 * s->share);
        else
            sb_puts(&b, "<td colspan=\"2\">no information</td></tr>\n");
    }
    sb_puts(&b, "</table>\n<p class=\"legend\"><mark class=\"content\">pushed toward unreliable</mark>"
                "<mark class=\"prop\">propaganda-style</mark><mark class=\"vague\">vague attribution</mark>"
                "<mark class=\"cited\">named source</mark><mark class=\"quote\">quote</mark>"
                "<mark class=\"speaker\">speaker</mark><mark class=\"marker\">headline bait</mark>"
                "<mark class=\"hate\">hate</mark><mark class=\"offensive\">offensive</mark></p>\n");
    if (r->trace)
        trace_section(&b, r);
    sb_puts(&b, "<div class=\"page\">");
    size_t i = 0;
    while (i < p->len) {
        size_t j = i + 1;
        while (j < p->len && m[j] == m[i] && tr[j] == tr[i])
            j++;
        if (tr[i])
            trace_open(&b, r, tr[i]);
        if (m[i])
            sb_printf(&b, "<mark class=\"%s\">", mark_class[m[i]]);
        esc(&b, p->text + i, j - i);
        if (m[i])
            sb_puts(&b, "</mark>");
        if (tr[i])
            sb_puts(&b, "</span>");
        i = j;
    }
    sb_puts(&b, "</div>\n");
    if (p->n_comments) {
        sb_printf(&b, "<h2>Comments (%zu)</h2>\n<ul>\n", p->n_comments);
        for (size_t k = 0; k < p->n_comments; k++) {
            const ns_comment_result *c = &r->comments[k];
            sb_puts(&b, "<li><b>");
            if (p->comments[k].has_author)
                esc(&b, p->text + p->comments[k].author.start,
                    p->comments[k].author.end - p->comments[k].author.start);
            else
                sb_puts(&b, "(anonymous)");
            sb_puts(&b, "</b>: ");
            const char *label = ns_model_label(r->comment_model, c->label);
            esc(&b, label, strlen(label));
            sb_printf(&b, " (%.2f)", c->probs[c->label]);
            for (size_t j = 0; j < c->n_evidence && strcmp(label, "ok"); j++) {
                sb_puts(&b, j ? ", &ldquo;" : " &mdash; &ldquo;");
                esc(&b, p->text + c->evidence[j].span.start,
                    c->evidence[j].span.end - c->evidence[j].span.start);
                sb_puts(&b, "&rdquo;");
            }
            sb_puts(&b, "</li>\n");
        }
        sb_puts(&b, "</ul>\n");
    }
    sb_printf(&b, "<p><small>newssift %s</small></p>\n</body></html>\n", NS_VERSION);
    free(m), free(tr);
    if (b.oom) {
        sb_free(&b);
        return NULL;
    }
    return b.p;
}
