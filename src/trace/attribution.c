/* attribution.c — does the page name the source where it copies it?
 *
 * The outlets a page cites with a reporting cue ("The Telegraph reports",
 * "told the Telegraph", "according to Reuters", "(Reuters)") come from the
 * sourcing analyzer (src/analyze/sourcing.c) with the outlet gazetteer, the
 * same rules `analyze` reports under sourcing.cited; the gazetteer gives each
 * its domain.  A cited outlet is the source when its domain is the source
 * URL's host (or a parent of it), or its name or domain is the source's
 * "outlet" field.  A copied unit is quoted when its paragraph cites the
 * source, or when it lies in the run of copied paragraphs that follows a
 * paragraph citing the source and ending in ':' ("The Telegraph reports:"). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page.h"
#include "trace/trace.h"

typedef struct cited_outlet {
    char *name;
    const char *domain; /* the gazetteer's; "" when unknown */
    size_t para;
} cited_outlet;

struct ns_tr_cited {
    cited_outlet *c;
    size_t n;
};

void ns_tr_cited_free(ns_tr_cited *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        free(c->c[i].name);
    free(c->c);
    free(c);
}

int ns_tr_cited_find(const ns_outlets *g, const ns_page *page, ns_tr_cited **out, ns_error *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    if (!g || !page->n_paragraphs)
        return NS_OK;
    ns_sourcing s = {0};
    int rc = ns_sourcing_find(page->text, page->len, page->paragraphs, page->n_paragraphs, g, &s, err);
    if (rc)
        goto fail;
    (*out)->c = calloc(s.n_cited ? s.n_cited : 1, sizeof *(*out)->c);
    if (!(*out)->c) {
        rc = ns_fail(err, NS_ESYSTEM, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < s.n_cited; i++) {
        const ns_cited *ci = &s.cited[i];
        if (strcmp(ci->kind, "outlet") && strcmp(ci->kind, "agency"))
            continue;
        ns_outlet_hit *hits = NULL;
        size_t nh = 0;
        if ((rc = ns_outlets_scan(g, page->text, page->len, ci->span, &hits, &nh, err)))
            goto fail;
        size_t para = 0;
        while (para + 1 < page->n_paragraphs && page->paragraphs[para].end < ci->span.start)
            para++;
        cited_outlet *co = &(*out)->c[(*out)->n++];
        co->name = ci->name;
        co->domain = nh ? hits[0].domain : "";
        co->para = para;
        s.cited[i].name = NULL; /* ours now */
        free(hits);
    }
    ns_sourcing_free(&s);
    return NS_OK;
fail:
    ns_sourcing_free(&s);
    ns_tr_cited_free(*out);
    *out = NULL;
    return rc;
}

/* host is the domain or one of its subdomains; a gazetteer domain may carry
 * a path ("example.com/local"), of which only the host counts here. */
static int host_in(const char *host, const char *domain)
{
    size_t dl = strcspn(domain, "/"), hl = strlen(host);
    if (!dl || hl < dl || strncasecmp(host + hl - dl, domain, dl))
        return 0;
    return hl == dl || host[hl - dl - 1] == '.';
}

static int names_source(const cited_outlet *c, const char *host, const char *outlet)
{
    if (host && *c->domain && host_in(host, c->domain))
        return 1;
    if (outlet && *outlet)
        return !strcasecmp(outlet, c->name) || (*c->domain && !strcasecmp(outlet, c->domain));
    return 0;
}

static int ends_with_colon(const ns_page *page, size_t p)
{
    ns_span s = page->paragraphs[p];
    size_t e = s.end;
    while (e > s.start && (page->text[e - 1] == ' ' || page->text[e - 1] == '\t'))
        e--;
    return e > s.start && page->text[e - 1] == ':';
}

void ns_tr_attribute(const ns_tr_cited *c, const ns_page *page, const ns_tr_text *pt, const char *url,
                     const char *outlet, const ns_tr_match *m, unsigned char *quoted)
{
    memset(quoted, 0, pt->n_units);
    if (!c || !c->n)
        return;
    char *host = url ? ns_pg_domain(url, strlen(url)) : NULL;
    unsigned char *names = calloc(page->n_paragraphs, 1);
    if (!names) {
        free(host);
        return; /* no memory: nothing is marked quoted */
    }
    int any = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->c[i].para < page->n_paragraphs && names_source(&c->c[i], host, outlet))
            names[c->c[i].para] = 1, any = 1;
    free(host);
    if (!any) {
        free(names);
        return;
    }
    /* carry: inside the run after "The Telegraph reports:" (a paragraph
     * without words has no units and so neither ends nor extends it) */
    int carry = 0;
    for (size_t i = 0; i < pt->n_units;) {
        size_t p = pt->u[i].para, j = i;
        int copied_here = 0;
        for (; j < pt->n_units && pt->u[j].para == p; j++)
            copied_here |= m[j].copied;
        int here = names[p] || (carry && copied_here);
        for (size_t k = i; k < j; k++)
            quoted[k] = (unsigned char)(here && m[k].copied);
        if (names[p] && ends_with_colon(page, p))
            carry = 1;
        else if (!copied_here)
            carry = 0;
        i = j;
    }
    free(names);
}
