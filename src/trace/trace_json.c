/* trace_json.c — a trace as the `trace` object of DESIGN.md:
 * {"sources": [{"id", "url", "title", "copied_share", "containment_page",
 *   "containment_source", "attributed", "copied": [{"span", "source_span",
 *   "kind", "changes"}], "added"}]}. */
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"
#include "util/strbuf.h"

static const char *const KIND[] = {"exact", "near", "quoted"};

static void str_or_null(ns_strbuf *b, const char *s)
{
    if (s)
        sb_json_str(b, s, strlen(s));
    else
        sb_puts(b, "null");
}

static void span(ns_strbuf *b, ns_span s)
{
    sb_printf(b, "[%u, %u]", s.start, s.end);
}

static void spans(ns_strbuf *b, const ns_span *s, size_t n)
{
    sb_puts(b, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_puts(b, ", ");
        span(b, s[i]);
    }
    sb_puts(b, "]");
}

void ns_tr_json_sources(ns_strbuf *b, const ns_trace *t)
{
    sb_puts(b, "[");
    for (size_t i = 0; i < t->n; i++) {
        const ns_tr_source *s = &t->src[i];
        sb_puts(b, i ? ", {\"id\": " : "{\"id\": ");
        str_or_null(b, s->id);
        sb_puts(b, ", \"url\": ");
        str_or_null(b, s->url && *s->url ? s->url : NULL);
        sb_puts(b, ", \"title\": ");
        str_or_null(b, s->title && *s->title ? s->title : NULL);
        sb_puts(b, ", \"copied_share\": ");
        sb_json_num(b, s->copied_share);
        sb_puts(b, ", \"containment_page\": ");
        sb_json_num(b, s->containment_page);
        sb_puts(b, ", \"containment_source\": ");
        sb_json_num(b, s->containment_source);
        sb_printf(b, ", \"attributed\": %s, \"copied\": [", s->attributed ? "true" : "false");
        for (size_t k = 0; k < s->n_copied; k++) {
            const ns_tr_copy *c = &s->copied[k];
            sb_puts(b, k ? ", {\"span\": " : "{\"span\": ");
            span(b, c->span);
            sb_puts(b, ", \"source_span\": ");
            span(b, c->source_span);
            sb_printf(b, ", \"kind\": \"%s\", \"changes\": ", KIND[c->kind]);
            spans(b, c->changes, c->n_changes);
            sb_puts(b, "}");
        }
        sb_puts(b, "], \"added\": ");
        spans(b, t->added, t->n_added);
        sb_puts(b, "}");
    }
    sb_puts(b, "]");
}

char *ns_trace_json(const ns_trace *t)
{
    ns_strbuf b = {0};
    sb_puts(&b, "{\"sources\": ");
    ns_tr_json_sources(&b, t);
    sb_puts(&b, "}");
    if (b.oom) {
        sb_free(&b);
        return NULL;
    }
    return b.p;
}
