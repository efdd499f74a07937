/* json.c — the report as JSON, in the shape of docs/report.schema.json.
 * Keys are written in a fixed order so reports diff cleanly. */
#include <string.h>

#include "analyze/report.h"
#include "trace/trace.h"
#include "util/strbuf.h"

static void span(ns_strbuf *b, ns_span s)
{
    sb_printf(b, "[%u, %u]", s.start, s.end);
}

static void slice(ns_strbuf *b, const ns_page *p, ns_span s)
{
    sb_json_str(b, p->text + s.start, s.end - s.start);
}

static void opt_str(ns_strbuf *b, const char *s)
{
    if (s)
        sb_json_str(b, s, strlen(s));
    else
        sb_puts(b, "null");
}

static void evidence(ns_strbuf *b, const ns_page *p, const ns_evidence_span *e, size_t n)
{
    sb_puts(b, "[");
    for (size_t i = 0; i < n; i++) {
        sb_puts(b, i ? ", {\"text\": " : "{\"text\": ");
        slice(b, p, e[i].span);
        sb_puts(b, ", \"span\": ");
        span(b, e[i].span);
        sb_puts(b, ", \"weight\": ");
        sb_json_num(b, e[i].weight);
        sb_puts(b, "}");
    }
    sb_puts(b, "]");
}

static void page_obj(ns_strbuf *b, const ns_page *p)
{
    sb_puts(b, "\"page\": {\"url\": ");
    opt_str(b, p->url);
    sb_puts(b, ", \"domain\": ");
    opt_str(b, p->domain);
    sb_puts(b, ", \"title\": ");
    if (p->has_title)
        slice(b, p, p->title);
    else
        sb_puts(b, "null");
    sb_puts(b, ", \"text\": ");
    sb_json_str(b, p->text, p->len);
    sb_printf(b, ", \"replaced_bytes\": %zu, \"paragraphs\": [", p->replaced_bytes);
    for (size_t i = 0; i < p->n_paragraphs; i++) {
        if (i)
            sb_puts(b, ", ");
        span(b, p->paragraphs[i]);
    }
    sb_puts(b, "]}");
}

static void signals(ns_strbuf *b, const ns_report *r)
{
    sb_puts(b, "\"signals\": [");
    for (int i = 0; i < SIG_COUNT; i++) {
        sb_printf(b, "%s{\"name\": \"%s\", \"score\": ", i ? ", " : "", ns_signal_names[i]);
        if (r->signals[i].known)
            sb_json_num(b, r->signals[i].score);
        else
            sb_puts(b, "null");
        sb_puts(b, ", \"share\": ");
        sb_json_num(b, r->signals[i].share);
        sb_puts(b, "}");
    }
    sb_puts(b, "]");
}

static void sourcing(ns_strbuf *b, const ns_report *r)
{
    const ns_page *p = r->page;
    sb_puts(b, "\"sourcing\": {\"quotes\": [");
    for (size_t i = 0; i < r->n_quotes; i++) {
        const ns_quote_item *q = &r->quotes[i];
        sb_puts(b, i ? ", {\"span\": " : "{\"span\": ");
        span(b, q->span);
        sb_puts(b, ", \"text\": ");
        slice(b, p, q->span);
        sb_puts(b, ", \"speaker\": ");
        if (q->has_speaker) {
            slice(b, p, q->speaker_span);
            sb_puts(b, ", \"speaker_span\": ");
            span(b, q->speaker_span);
        } else {
            sb_puts(b, "null, \"speaker_span\": null");
        }
        sb_puts(b, "}");
    }
    sb_puts(b, "], \"cited\": [");
    for (size_t i = 0; i < r->n_cited; i++) {
        sb_puts(b, i ? ", {\"name\": " : "{\"name\": ");
        opt_str(b, r->cited[i].name);
        sb_printf(b, ", \"kind\": \"%s\", \"span\": ", r->cited[i].kind);
        span(b, r->cited[i].span);
        sb_puts(b, "}");
    }
    sb_puts(b, "], \"vague\": [");
    for (size_t i = 0; i < r->n_vague; i++) {
        sb_puts(b, i ? ", {\"text\": " : "{\"text\": ");
        slice(b, p, r->vague[i]);
        sb_puts(b, ", \"span\": ");
        span(b, r->vague[i]);
        sb_puts(b, "}");
    }
    sb_puts(b, "], \"propaganda\": [");
    for (size_t i = 0; i < r->n_propaganda; i++) {
        sb_puts(b, i ? ", {\"span\": " : "{\"span\": ");
        span(b, r->propaganda[i].span);
        sb_puts(b, ", \"p\": ");
        sb_json_num(b, r->propaganda[i].p);
        sb_puts(b, "}");
    }
    sb_puts(b, "]}");
}

static void comments(ns_strbuf *b, const ns_report *r)
{
    const ns_page *p = r->page;
    size_t nl = ns_model_labels(r->comment_model);
    sb_puts(b, "\"comments\": [");
    for (size_t i = 0; i < p->n_comments; i++) {
        const ns_comment *c = &p->comments[i];
        const ns_comment_result *cr = &r->comments[i];
        sb_puts(b, i ? ", {\"author\": " : "{\"author\": ");
        if (c->has_author) {
            slice(b, p, c->author);
            sb_puts(b, ", \"author_span\": ");
            span(b, c->author);
        } else {
            sb_puts(b, "null, \"author_span\": null");
        }
        sb_puts(b, ", \"span\": ");
        span(b, c->text);
        sb_puts(b, ", \"label\": ");
        opt_str(b, ns_model_label(r->comment_model, cr->label));
        sb_puts(b, ", \"probs\": {");
        for (size_t k = 0; k < nl; k++) {
            if (k)
                sb_puts(b, ", ");
            opt_str(b, ns_model_label(r->comment_model, k));
            sb_puts(b, ": ");
            sb_json_num(b, cr->probs[k]);
        }
        sb_puts(b, "}, \"evidence\": ");
        evidence(b, p, cr->evidence, cr->n_evidence);
        sb_puts(b, "}");
    }
    sb_puts(b, "]");
}

char *ns_report_json(const ns_report *r)
{
    ns_strbuf b = {0};
    const ns_page *p = r->page;
    sb_printf(&b, "{\"schema\": 1, \"version\": \"%s\", ", NS_VERSION);
    page_obj(&b, p);
    sb_printf(&b, ", \"trust\": %d, \"verdict\": \"%s\", ", r->trust, r->verdict);
    signals(&b, r);
    sb_puts(&b, ", \"content\": {\"p_unreliable\": ");
    if (r->has_content)
        sb_json_num(&b, r->p_unreliable);
    else
        sb_puts(&b, "null");
    sb_puts(&b, ", \"evidence\": ");
    evidence(&b, p, r->content_ev, r->n_content_ev);
    sb_puts(&b, "}, \"headline\": {\"p_clickbait\": ");
    if (r->has_headline)
        sb_json_num(&b, r->p_clickbait);
    else
        sb_puts(&b, "null");
    sb_puts(&b, ", \"markers\": [");
    for (size_t i = 0; i < r->n_markers; i++) {
        sb_printf(&b, "%s{\"kind\": \"%s\", \"text\": ", i ? ", " : "", r->markers[i].kind);
        slice(&b, p, r->markers[i].span);
        sb_puts(&b, ", \"span\": ");
        span(&b, r->markers[i].span);
        sb_puts(&b, "}");
    }
    sb_puts(&b, "]}, ");
    sourcing(&b, r);
    sb_puts(&b, ", \"source\": {\"domain\": ");
    opt_str(&b, p->domain);
    sb_puts(&b, ", \"lists\": [");
    for (size_t i = 0; i < r->n_hits; i++) {
        sb_puts(&b, i ? ", {\"list\": " : "{\"list\": ");
        opt_str(&b, r->hits[i].list);
        sb_puts(&b, ", \"label\": ");
        opt_str(&b, r->hits[i].label);
        sb_puts(&b, ", \"factuality\": ");
        if (r->hits[i].factuality >= 0)
            sb_json_num(&b, r->hits[i].factuality);
        else
            sb_puts(&b, "null");
        sb_puts(&b, "}");
    }
    sb_puts(&b, "], \"prior\": ");
    if (r->prior >= 0)
        sb_json_num(&b, r->prior);
    else
        sb_puts(&b, "null");
    sb_puts(&b, ", \"prior_from\": ");
    sb_puts(&b, r->prior < 0 ? "null" : r->prior_learned ? "\"learned\"" : "\"lists\"");
    sb_puts(&b, "}, ");
    comments(&b, r);
    sb_puts(&b, ", \"trace\": {\"sources\": ");
    if (r->trace)
        ns_tr_json_sources(&b, r->trace);
    else
        sb_puts(&b, "null");
    sb_puts(&b, "}}");
    if (b.oom) {
        sb_free(&b);
        return NULL;
    }
    return b.p;
}
