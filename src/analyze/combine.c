/* combine.c — the signals, the trust score, the verdict and each signal's share.
 *
 * Every signal is reduced to a score in [0, 1], "how strongly it says do not
 * trust".  Content, headline: the models' probabilities.  Sourcing: a set
 * rule over vague attributions, propaganda-style sentences and named sources
 * (below).  Source: 1 - the lists' factuality prior.  Comments: the mean of
 * p(hate) + p(offensive)/2 over the comments.  Trace: a set rule over what
 * the page copied without naming the source and what it added (below).
 * The combiner (a logistic model, docs/trust-score.md) turns the
 * known scores into P(unreliable); trust = 100 (1 - P).  A signal's share is
 * its term's size, |w_i (x_i - mean_i)|, over the sum of all known terms. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "trace/trace.h"

static double logit(double p)
{
    p = p < 0.01 ? 0.01 : p > 0.99 ? 0.99 : p;
    return log(p / (1 - p));
}

int ns_combiner_load(ns_combiner *c, const char *dir, ns_error *err)
{
    /* Defaults when models/combiner.json is absent: the content model leads,
     * the rest nudge.  make models replaces them with fitted weights. */
    static const double w0[SIG_COUNT] = {1.0, 0.3, 0.5, 1.0, 0.2, 0.5};
    memset(c, 0, sizeof *c);
    memcpy(c->w, w0, sizeof w0);
    c->reliable_at = 65, c->unreliable_below = 40;
    char path[4096];
    snprintf(path, sizeof path, "%s/combiner.json", dir);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NS_OK;
    json_error_t je;
    json_t *j = json_loadf(f, 0, &je);
    fclose(f);
    if (!j)
        return ns_fail(err, NS_EINPUT, "%s:%d: %s", path, je.line, je.text);
    json_t *w = json_object_get(j, "weights"), *m = json_object_get(j, "means");
    json_t *b = json_object_get(j, "bias");
    if (!json_is_object(w) || !json_is_number(b)) {
        json_decref(j);
        return ns_fail(err, NS_EINPUT, "%s: needs \"bias\" and \"weights\"", path);
    }
    c->bias = json_number_value(b);
    for (int i = 0; i < SIG_COUNT; i++) {
        json_t *v = json_object_get(w, ns_signal_names[i]);
        if (json_is_number(v))
            c->w[i] = json_number_value(v);
        v = m ? json_object_get(m, ns_signal_names[i]) : NULL;
        if (json_is_number(v))
            c->mean[i] = json_number_value(v);
    }
    json_t *t = json_object_get(j, "reliable_at");
    if (json_is_number(t))
        c->reliable_at = json_number_value(t);
    t = json_object_get(j, "unreliable_below");
    if (json_is_number(t))
        c->unreliable_below = json_number_value(t);
    c->fitted = 1;
    json_decref(j);
    return NS_OK;
}

/* The sourcing rule: 0.5 is "nothing to say"; each vague attribution (up
 * to 3) adds 0.1, the share of propaganda-style sentences adds up to 0.4,
 * and named sources and attributed quotes (up to 5) take off up to 0.2. */
static double sourcing_score(const ns_report *r)
{
    size_t named = r->n_cited;
    for (size_t i = 0; i < r->n_quotes; i++)
        named += r->quotes[i].has_speaker;
    double vague = r->n_vague > 3 ? 3 : (double)r->n_vague;
    double prop = r->n_sentences ? (double)r->n_propaganda / (double)r->n_sentences : 0;
    double s = 0.5 + 0.1 * vague + 0.4 * prop - 0.2 * (named > 5 ? 5 : (double)named) / 5;
    return s < 0.02 ? 0.02 : s > 0.98 ? 0.98 : s;
}

/* The trace rule (docs/trust-score.md): copying real reporting is
 * provenance, not falsehood, so a page made of attributed copies starts on
 * the trusting side (0.35); copying without naming the source adds up to
 * 0.3 (the share of the best source's copied bytes not quoted), and the
 * spin added around the copies up to 0.45 (the added share of the body,
 * full at a quarter).  Clamped to [0.05, 0.95]. */
static double trace_score(const ns_report *r)
{
    const ns_trace *t = r->trace;
    const ns_tr_source *s = &t->src[0];
    size_t quoted = 0, added = 0;
    for (size_t i = 0; i < s->n_copied; i++)
        if (s->copied[i].kind == NS_TR_QUOTED)
            quoted += s->copied[i].span.end - s->copied[i].span.start;
    for (size_t i = 0; i < t->n_added; i++)
        added += t->added[i].end - t->added[i].start;
    double unnamed = s->copied_bytes ? 1 - (double)quoted / (double)s->copied_bytes : 0;
    double spin = t->body_bytes ? 4 * (double)added / (double)t->body_bytes : 0;
    double v = 0.35 + 0.3 * (unnamed < 0 ? 0 : unnamed) + 0.45 * (spin > 1 ? 1 : spin);
    return v < 0.05 ? 0.05 : v > 0.95 ? 0.95 : v;
}

void ns_combine(const ns_combiner *c, const struct ns_analyzer *a, ns_report *r)
{
    ns_signal *s = r->signals;
    memset(s, 0, sizeof r->signals);
    if (r->has_content)
        s[SIG_CONTENT] = (ns_signal){1, r->p_unreliable, 0};
    if (r->has_headline)
        s[SIG_HEADLINE] = (ns_signal){1, r->p_clickbait, 0};
    if (r->n_sentences || r->n_vague || r->n_cited || r->n_quotes)
        s[SIG_SOURCING] = (ns_signal){1, sourcing_score(r), 0};
    if (r->prior >= 0)
        s[SIG_SOURCE] = (ns_signal){1, 1 - r->prior, 0};
    if (r->page->n_comments) {
        double t = 0;
        for (size_t i = 0; i < r->page->n_comments; i++)
            t += r->comments[i].probs[a->hate] + 0.5 * r->comments[i].probs[a->offensive];
        s[SIG_COMMENTS] = (ns_signal){1, t / (double)r->page->n_comments, 0};
    }
    if (r->trace && r->trace->n) /* no source found says nothing either way */
        s[SIG_TRACE] = (ns_signal){1, trace_score(r), 0};
    double z = c->bias, total = 0, term[SIG_COUNT] = {0};
    for (int i = 0; i < SIG_COUNT; i++) {
        if (!s[i].known)
            continue;
        /* a prior learned from site names counts half as much as a list's */
        double w = c->w[i] * (i == SIG_SOURCE && r->prior_learned ? 0.5 : 1);
        term[i] = w * (logit(s[i].score) - c->mean[i]);
        z += term[i];
        total += fabs(term[i]);
    }
    int known = 0;
    for (int i = 0; i < SIG_COUNT; i++)
        known += s[i].known;
    for (int i = 0; i < SIG_COUNT; i++)
        if (s[i].known)
            s[i].share = total > 0 ? fabs(term[i]) / total : 1.0 / known;
    double p_unreliable = 1 / (1 + exp(-z));
    r->trust = (int)lround(100 * (1 - p_unreliable));
    r->verdict = r->trust >= c->reliable_at       ? "reliable"
                 : r->trust < c->unreliable_below ? "unreliable"
                                                  : "questionable";
    /* the headline's and the comments' nudges alone say nothing of the
     * article: no verdict without something that judges it */
    if (!s[SIG_CONTENT].known && !s[SIG_SOURCING].known && !s[SIG_SOURCE].known && !s[SIG_TRACE].known)
        r->verdict = "unknown";
}

int ns_report_trust(const ns_report *r)
{
    return r->trust;
}
const char *ns_report_verdict(const ns_report *r)
{
    return r->verdict;
}
