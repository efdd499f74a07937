/* rules.c — the rule-based analyzers wired into a report: headline markers
 * (markers.c), quotes, named sources and vague attributions (sourcing.c),
 * and the site lists (sources.c).  Their data is loaded once per analyzer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"

int ns_rules_open(ns_rules *r, const ns_analyzer_options *o, ns_error *err)
{
    char path[4096];
    int rc;
    memset(r, 0, sizeof *r);
    snprintf(path, sizeof path, "%s/outlets.tsv", o->models_dir);
    if ((rc = ns_outlets_load(&r->outlets, path, err)))
        return rc;
    snprintf(path, sizeof path, "%s/bait-phrases.txt", o->models_dir);
    if ((rc = ns_bait_load(&r->bait, path, err)))
        return rc;
    for (size_t i = 0; i < o->n_sources; i++)
        if ((rc = ns_sources_load(&r->sources, o->sources[i], err)))
            return rc;
    return NS_OK;
}

void ns_rules_close(ns_rules *r)
{
    ns_outlets_free(r->outlets);
    ns_bait_free(r->bait);
    ns_sources_free(&r->sources);
    memset(r, 0, sizeof *r);
}

int ns_rules_headline(const ns_rules *rules, ns_report *r, ns_error *err)
{
    const ns_page *p = r->page;
    ns_marker *m = NULL;
    size_t n = 0;
    int rc = ns_headline_markers(p->text, p->len, p->title, rules->bait, &m, &n, err);
    if (rc)
        return rc;
    r->markers = calloc(n ? n : 1, sizeof *r->markers);
    if (!r->markers) {
        free(m);
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        r->markers[i] = (ns_marker_item){m[i].kind, m[i].span};
    r->n_markers = n;
    free(m);
    return NS_OK;
}

/* Moves the sourcing analyzer's findings into the report. */
int ns_rules_sourcing(const ns_rules *rules, ns_report *r, ns_error *err)
{
    const ns_page *p = r->page;
    ns_sourcing s = {0};
    int rc = ns_sourcing_find(p->text, p->len, p->paragraphs, p->n_paragraphs, rules->outlets, &s, err);
    if (rc)
        return rc;
    r->quotes = calloc(s.n_quotes ? s.n_quotes : 1, sizeof *r->quotes);
    r->cited = calloc(s.n_cited ? s.n_cited : 1, sizeof *r->cited);
    r->vague = calloc(s.n_vague ? s.n_vague : 1, sizeof *r->vague);
    if (!r->quotes || !r->cited || !r->vague) {
        ns_sourcing_free(&s);
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    }
    for (size_t i = 0; i < s.n_quotes; i++)
        r->quotes[i] = (ns_quote_item){s.quotes[i].span, s.quotes[i].speaker_span, s.quotes[i].has_speaker};
    r->n_quotes = s.n_quotes;
    for (size_t i = 0; i < s.n_cited; i++) {
        r->cited[i] = (ns_cited_item){s.cited[i].name, s.cited[i].kind, s.cited[i].span};
        s.cited[i].name = NULL; /* the report owns it now */
    }
    r->n_cited = s.n_cited;
    for (size_t i = 0; i < s.n_vague; i++)
        r->vague[i] = s.vague[i].span;
    r->n_vague = s.n_vague;
    ns_sourcing_free(&s);
    return NS_OK;
}

int ns_rules_source(const ns_rules *rules, ns_report *r, ns_error *err)
{
    const ns_page *p = r->page;
    if (!p->domain || !ns_sources_count(&rules->sources))
        return NS_OK;
    ns_source_hit *hits = NULL;
    size_t n = 0;
    /* the domain and the URL's path, which some lists rate apart
     * ("example.com/blog"); for an archive's or a proxy's copy, the domain
     * and path of the page it copies */
    const char *url = p->url ? p->url + ns_pg_copied_at(p->url, strlen(p->url)) : "";
    const char *auth = strstr(url, "://");
    auth = auth ? auth + 3 : url[0] == '/' && url[1] == '/' ? url + 2 : url;
    const char *path = strchr(auth, '/');
    char *key = malloc(strlen(p->domain) + (path ? strlen(path) : 0) + 1);
    if (!key)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    strcpy(key, p->domain);
    if (path)
        strcat(key, path);
    int lrc = ns_sources_lookup(&rules->sources, key, &hits, &n);
    free(key);
    if (lrc != NS_OK)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    r->hits = calloc(n ? n : 1, sizeof *r->hits);
    if (!r->hits) {
        free(hits);
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        r->hits[i].list = strdup(hits[i].list);
        r->hits[i].label = strdup(hits[i].label ? hits[i].label : "");
        r->hits[i].factuality = hits[i].factuality;
        r->n_hits++;
        if (!r->hits[i].list || !r->hits[i].label) {
            free(hits);
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        }
    }
    r->prior = n ? ns_sources_prior(hits, n) : -1;
    free(hits);
    return NS_OK;
}
