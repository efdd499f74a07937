/* analyzer.c — one page in, one trust report out.
 *
 * The analyzer holds what every page shares (the four bundled models, the
 * combiner's weights, the site lists, the outlet gazetteer) and is read-only
 * once open, so threads share one analyzer and each brings its own scratch.
 * ns_analyze reads the page, runs each analyzer in turn (content, headline,
 * sourcing, source, comments, and trace when an index is open), then the
 * combiner (combine.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "learn/predict.h"
#include "trace/trace.h"
#include "util/grow.h"

static int open_model(ns_model **m, const char *dir, const char *name, const char *const *need, ns_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.nsm", dir, name);
    int rc = ns_model_open(m, path, err);
    if (rc)
        return rc;
    for (; *need; need++)
        if (ns_model_label_index(*m, *need) < 0)
            return ns_fail(err, NS_EINPUT, "%s: the %s model has no label \"%s\"", path, name, *need);
    return NS_OK;
}

int ns_analyzer_open(ns_analyzer **out, const ns_analyzer_options *o, ns_error *err)
{
    *out = NULL;
    if (!o || !o->models_dir)
        return ns_fail(err, NS_EUSAGE, "no models folder given");
    ns_analyzer *a = calloc(1, sizeof *a);
    if (!a)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    static const char *const article_labels[] = {"unreliable", "reliable", NULL};
    static const char *const headline_labels[] = {"clickbait", NULL};
    static const char *const propaganda_labels[] = {"propaganda", NULL};
    static const char *const comment_labels[] = {"hate", "offensive", "ok", NULL};
    int rc;
    if ((rc = open_model(&a->article, o->models_dir, "article", article_labels, err)) ||
        (rc = open_model(&a->headline, o->models_dir, "headline", headline_labels, err)) ||
        (rc = open_model(&a->propaganda, o->models_dir, "propaganda", propaganda_labels, err)) ||
        (rc = open_model(&a->comment, o->models_dir, "comment", comment_labels, err)) ||
        (rc = open_model(&a->domain, o->models_dir, "domain", article_labels, err)) ||
        (rc = ns_combiner_load(&a->combiner, o->models_dir, err)) ||
        (rc = ns_rules_open(&a->rules, o, err))) {
        ns_analyzer_close(a);
        return rc;
    }
    if (o->index_handle) {
        a->index = o->index_handle;
    } else if (o->index && (rc = ns_index_open(&a->index, o->index, 0, err))) {
        ns_analyzer_close(a);
        return rc;
    } else if (o->index) {
        a->own_index = 1;
    }
    a->unreliable = (size_t)ns_model_label_index(a->article, "unreliable");
    a->reliable = (size_t)ns_model_label_index(a->article, "reliable");
    a->clickbait = (size_t)ns_model_label_index(a->headline, "clickbait");
    a->propaganda_label = (size_t)ns_model_label_index(a->propaganda, "propaganda");
    a->hate = (size_t)ns_model_label_index(a->comment, "hate");
    a->offensive = (size_t)ns_model_label_index(a->comment, "offensive");
    a->domain_reliable = (size_t)ns_model_label_index(a->domain, "reliable");
    *out = a;
    return NS_OK;
}

void ns_analyzer_close(ns_analyzer *a)
{
    if (!a)
        return;
    ns_model_close(a->article);
    ns_model_close(a->headline);
    ns_model_close(a->propaganda);
    ns_model_close(a->comment);
    ns_model_close(a->domain);
    ns_rules_close(&a->rules);
    if (a->own_index)
        ns_index_close(a->index);
    free(a);
}

void ns_report_free(ns_report *r)
{
    if (!r)
        return;
    if (r->comments)
        for (size_t i = 0; i < r->page->n_comments; i++)
            free(r->comments[i].probs), free(r->comments[i].evidence);
    free(r->comments);
    for (size_t i = 0; i < r->n_cited; i++)
        free(r->cited[i].name);
    for (size_t i = 0; i < r->n_hits; i++)
        free(r->hits[i].list), free(r->hits[i].label);
    free(r->content_ev), free(r->markers), free(r->quotes), free(r->cited), free(r->vague);
    free(r->propaganda), free(r->hits);
    ns_trace_free(r->trace);
    ns_page_free(r->page);
    free(r);
}

/* Phrases that pushed a model from `against` toward `toward`, shifted by
 * base into page coordinates. */
static int phrases(const ns_model *m, ns_scratch *s, size_t toward, size_t against, int k, uint32_t base,
                   ns_evidence_span **out, size_t *n, ns_error *err)
{
    ns_phrase ph[16];
    size_t np = 0;
    int rc = ns_explain_phrases(m, s, toward, against, k > 16 ? 16 : k, ph, &np, err);
    if (rc)
        return rc;
    *n = 0;
    *out = calloc(np ? np : 1, sizeof **out);
    if (!*out)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    for (size_t i = 0; i < np; i++)
        (*out)[i] = (ns_evidence_span){{ph[i].span.start + base, ph[i].span.end + base}, ph[i].weight};
    *n = np;
    return NS_OK;
}

/* The article: title and body, which every reader lays out contiguously at
 * the start of the canonical text.  0 when the page has neither. */
static int article_span(const ns_page *pg, uint32_t *start, uint32_t *end)
{
    if (!pg->n_paragraphs && !pg->has_title)
        return 0;
    *start = pg->has_title ? pg->title.start : pg->paragraphs[0].start;
    *end = pg->n_paragraphs ? pg->paragraphs[pg->n_paragraphs - 1].end : pg->title.end;
    return 1;
}

static int analyze_content(const ns_analyzer *a, ns_scratch *s, ns_report *r, ns_prediction *p, ns_error *err)
{
    const ns_page *pg = r->page;
    uint32_t start, end;
    /* the article model judges an article's text: a title alone (a page
     * drawn by script, a consent wall that hid the story) is the headline
     * signal's to judge, and the model called "Harbour Herald" unreliable */
    if (!pg->n_paragraphs || !article_span(pg, &start, &end))
        return NS_OK;
    int rc = ns_predict(a->article, s, pg->text + start, end - start, -1, p, err);
    if (rc)
        return rc;
    r->has_content = 1;
    r->p_unreliable = p->probs[a->unreliable];
    return phrases(a->article, s, a->unreliable, a->reliable, 5, start, &r->content_ev, &r->n_content_ev,
                   err);
}

static int analyze_headline(const ns_analyzer *a, ns_scratch *s, ns_report *r, ns_prediction *p,
                            ns_error *err)
{
    const ns_page *pg = r->page;
    if (!pg->has_title)
        return NS_OK;
    int rc =
        ns_predict(a->headline, s, pg->text + pg->title.start, pg->title.end - pg->title.start, 0, p, err);
    if (rc)
        return rc;
    r->has_headline = 1;
    r->p_clickbait = p->probs[a->clickbait];
    return ns_rules_headline(&a->rules, r, err);
}

/* Propaganda-style sentences of the body, by the propaganda model.  Run
 * right after the article's prediction, whose tokens and n-grams the
 * sentences reuse (ns_predict_part). */
static int analyze_propaganda(const ns_analyzer *a, ns_scratch *s, ns_report *r, ns_prediction *p,
                              ns_error *err)
{
    const ns_page *pg = r->page;
    size_t cap = 0;
    uint32_t start = 0, end = 0;
    article_span(pg, &start, &end);
    for (size_t i = 0; i < pg->n_paragraphs; i++) {
        ns_span para = pg->paragraphs[i];
        ns_span *sent = NULL;
        long ns = ns_sentences(pg->text + para.start, para.end - para.start, &sent);
        if (ns < 0)
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        for (long j = 0; j < ns; j++) {
            ns_span sp = {sent[j].start + para.start, sent[j].end + para.start};
            int rc = ns_predict_part(a->propaganda, s, pg->text + start, end - start, sp.start - start,
                                     sp.end - sp.start, p, err);
            if (rc) {
                free(sent);
                return rc;
            }
            r->n_sentences++;
            double pp = p->probs[a->propaganda_label];
            if (pp < 0.5)
                continue;
            if (ns_grow((void **)&r->propaganda, &cap, r->n_propaganda + 1, sizeof *r->propaganda) < 0) {
                free(sent);
                return ns_fail(err, NS_ESYSTEM, "out of memory");
            }
            r->propaganda[r->n_propaganda++] = (ns_propaganda_item){sp, pp};
        }
        free(sent);
    }
    return NS_OK;
}

/* The site: what the loaded lists say of it, else the prior the domain
 * model learned from labelled site names (models/MODELS.md). */
static int analyze_source(const ns_analyzer *a, ns_scratch *s, ns_report *r, ns_prediction *p, ns_error *err)
{
    int rc = ns_rules_source(&a->rules, r, err);
    if (rc || r->prior >= 0 || !r->page->domain)
        return rc;
    const char *d = r->page->domain;
    if ((rc = ns_predict(a->domain, s, d, strlen(d), 0, p, err)))
        return rc;
    r->prior = p->probs[a->domain_reliable];
    r->prior_learned = 1;
    return NS_OK;
}

static int analyze_comments(const ns_analyzer *a, ns_scratch *s, ns_report *r, ns_prediction *p,
                            ns_error *err)
{
    const ns_page *pg = r->page;
    size_t nl = ns_model_labels(a->comment);
    if (!pg->n_comments)
        return NS_OK;
    r->comments = calloc(pg->n_comments, sizeof *r->comments);
    if (!r->comments)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    for (size_t i = 0; i < pg->n_comments; i++) {
        ns_span sp = pg->comments[i].text;
        ns_comment_result *c = &r->comments[i];
        int rc = ns_predict(a->comment, s, pg->text + sp.start, sp.end - sp.start, -1, p, err);
        if (rc)
            return rc;
        c->label = p->label;
        if (!(c->probs = malloc(nl * sizeof *c->probs)))
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        memcpy(c->probs, p->probs, nl * sizeof *c->probs);
        if ((rc = phrases(a->comment, s, p->label, p->runner_up, 3, sp.start, &c->evidence, &c->n_evidence,
                          err)))
            return rc;
    }
    return NS_OK;
}

int ns_analyze(const ns_analyzer *a, ns_scratch *scratch, const char *data, size_t len, ns_page_format fmt,
               const char *name, ns_report **out, ns_error *err)
{
    *out = NULL;
    ns_report *r = calloc(1, sizeof *r);
    if (!r)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    r->prior = -1;
    r->comment_model = a->comment;
    ns_scratch *s = scratch ? scratch : ns_scratch_new();
    ns_prediction p = {0};
    int rc = s ? NS_OK : ns_fail(err, NS_ESYSTEM, "out of memory");
    if (!rc)
        rc = ns_page_read(&r->page, data, len, fmt, name ? name : "page", err);
    if (!rc)
        rc = analyze_content(a, s, r, &p, err);
    if (!rc)
        rc = analyze_propaganda(a, s, r, &p, err);
    if (!rc)
        rc = analyze_headline(a, s, r, &p, err);
    if (!rc)
        rc = ns_rules_sourcing(&a->rules, r, err);
    if (!rc)
        rc = analyze_source(a, s, r, &p, err);
    if (!rc)
        rc = analyze_comments(a, s, r, &p, err);
    if (!rc && a->index) /* the trace, with the same outlet gazetteer as sourcing */
        rc = ns_tr_trace(a->index, a->rules.outlets, r->page, 3, &r->trace, err);
    if (!rc)
        ns_combine(&a->combiner, a, r);
    ns_prediction_clear(&p);
    if (!scratch)
        ns_scratch_free(s);
    if (rc) {
        ns_report_free(r);
        return rc;
    }
    *out = r;
    return NS_OK;
}
