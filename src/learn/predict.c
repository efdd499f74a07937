/* predict.c — probabilities and the features that decided them.
 *
 * A feature's part in a decision is its value times the difference between
 * its weight for the predicted label and for the runner-up: exactly how much
 * it moved the margin between the two, before calibration.  Summing every
 * part plus the bias difference gives the margin, so the explanation is the
 * model's own arithmetic, not an approximation of it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "learn/features.h"
#include "learn/model.h"
#include "learn/predict.h"

/* The most labels the dot product has a register-kept instance for. */
#define DOT_MAX_LABELS 8

struct ns_scratch {
    ns_featurizer f;
    ns_featurizer part; /* ns_predict_part's, so that f stays the whole */
    double *logit;
    size_t logit_cap;
    double *contrib;
    size_t contrib_cap;
    /* dot_table's, for the model of the scales in qs_scale */
    double qs[DOT_MAX_LABELS][256];
    float qs_scale[DOT_MAX_LABELS];
    size_t qs_labels;
};

ns_scratch *ns_scratch_new(void)
{
    return calloc(1, sizeof(ns_scratch));
}

void ns_scratch_free(ns_scratch *s)
{
    if (!s)
        return;
    ns_featurizer_free(&s->f);
    ns_featurizer_free(&s->part);
    free(s->logit);
    free(s->contrib);
    free(s);
}

void ns_prediction_clear(ns_prediction *p)
{
    for (size_t i = 0; i < p->n_pro; i++)
        free(p->pro[i].feature), free(p->pro[i].spans);
    for (size_t i = 0; i < p->n_con; i++)
        free(p->con[i].feature), free(p->con[i].spans);
    free(p->pro), free(p->con), free(p->probs);
    memset(p, 0, sizeof *p);
}

static void free_evidence(ns_prediction *p)
{
    double *probs = p->probs;
    p->probs = NULL;
    ns_prediction_clear(p);
    p->probs = probs;
}

/* Softmax of logits/T into probs; returns the index of the largest. */
void ns_softmax(const double *logit, size_t n, double temperature, double *probs)
{
    double mx = -INFINITY, sum = 0;
    for (size_t c = 0; c < n; c++)
        mx = fmax(mx, logit[c] / temperature);
    for (size_t c = 0; c < n; c++)
        sum += probs[c] = exp(logit[c] / temperature - mx);
    for (size_t c = 0; c < n; c++)
        probs[c] /= sum;
}

static int fill_evidence(const ns_model *m, const ns_featurizer *f, size_t fi, double weight, ns_evidence *e)
{
    uint32_t row = f->vec.idx[fi];
    size_t base = (size_t)1 << m->fc.bits;
    memset(e, 0, sizeof *e);
    e->weight = weight;
    if (row >= base) {
        e->feature = strdup(ns_dense_names[row - base]);
        return e->feature ? 0 : -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < f->occ_n; i++)
        n += f->occ[i].bucket == row;
    e->spans = malloc((n ? n : 1) * sizeof *e->spans);
    if (!e->spans)
        return -1;
    char buf[512];
    buf[0] = '\0';
    for (size_t i = 0; i < f->occ_n; i++) {
        if (f->occ[i].bucket != row)
            continue;
        if (!e->n_spans)
            ns_occ_text(f, &f->occ[i], buf, sizeof buf);
        ns_span sp = ns_occ_span(f, &f->occ[i]);
        /* char n-grams repeat a word's span: keep each span once */
        if (e->n_spans && e->spans[e->n_spans - 1].start == sp.start &&
            e->spans[e->n_spans - 1].end == sp.end)
            continue;
        e->spans[e->n_spans++] = sp;
    }
    e->feature = strdup(buf);
    return e->feature ? 0 : -1;
}

/* Picks the k features with the largest (sign * contribution), strongest
 * first; ties go to the earlier feature so output is deterministic. */
static int pick(const ns_model *m, const ns_featurizer *f, const double *contrib, int sign, int k,
                ns_evidence **out, size_t *n_out)
{
    size_t n = f->vec.n, *best = malloc((size_t)k * sizeof *best), nb = 0;
    if (!best)
        return -1;
    for (size_t i = 0; i < n; i++) {
        double v = sign * contrib[i];
        if (!(v > 0))
            continue;
        size_t j = nb < (size_t)k ? nb++ : (size_t)k;
        if (j == (size_t)k) {
            if (!(v > sign * contrib[best[k - 1]]))
                continue;
            j = (size_t)k - 1;
        }
        while (j > 0 && v > sign * contrib[best[j - 1]]) {
            best[j] = best[j - 1];
            j--;
        }
        best[j] = i;
    }
    *out = calloc(nb ? nb : 1, sizeof **out);
    if (!*out) {
        free(best);
        return -1;
    }
    for (size_t i = 0; i < nb; i++) {
        if (fill_evidence(m, f, best[i], contrib[best[i]], &(*out)[i]) < 0) {
            *n_out = i;
            free(best);
            return -1;
        }
    }
    *n_out = nb;
    free(best);
    return 0;
}

/* The rows a vector reads are scattered over megabytes of weights, so
 * nearly every one misses the cache and the dot product waits on memory:
 * asking for the row PREFETCH_AHEAD features ahead overlaps those waits
 * (32 measured better than 16 and no worse than 64). */
#define PREFETCH_AHEAD 32
#define PREFETCH_ROW(base, v, i, nl)                                                                         \
    do {                                                                                                     \
        if ((i) + PREFETCH_AHEAD < (v)->n)                                                                   \
            __builtin_prefetch((base) + (size_t)(v)->idx[(i) + PREFETCH_AHEAD] * (nl));                      \
    } while (0)

/* logit[c] += x * q[c] * scale[c] over the vector, with the same sums as
 * the general loop in ns_predict, for a label count known when compiling:
 * the sums then stay in registers, where through logit[] each addition
 * waited on a store and a load (int8 weights may alias anything, so the
 * compiler kept them in memory).  The product comes from qs, the table of
 * q * scale[c] for every int8 q: x (a float), q (8 bits) and scale (a
 * float) make x * q and q * scale exact in a double, so x * q * scale and
 * x * (q * scale) are the same one rounding of the same real product, and
 * a conversion and a multiplication per label are saved. */
static inline __attribute__((always_inline)) void
dot_quantized(const ns_model *m, const ns_fvec *v, const double (*qs)[256], double *logit, size_t nl)
{
    double acc[DOT_MAX_LABELS];
    for (size_t c = 0; c < nl; c++)
        acc[c] = logit[c];
    for (size_t i = 0; i < v->n; i++) {
        PREFETCH_ROW(m->q, v, i, nl);
        const int8_t *q = m->q + (size_t)v->idx[i] * nl;
        double x = v->val[i];
#pragma GCC unroll 8
        for (size_t c = 0; c < nl; c++)
            acc[c] += x * qs[c][(uint8_t)q[c]];
    }
    for (size_t c = 0; c < nl; c++)
        logit[c] = acc[c];
}

/* s's table of q * scale[c] for m (indexed by q as a byte), made again
 * only when the scales differ from those it was made for. */
static const double (*dot_table(ns_scratch *s, const ns_model *m))[256]
{
    size_t nl = m->n_labels;
    if (s->qs_labels != nl || memcmp(s->qs_scale, m->scale, nl * sizeof *m->scale)) {
        for (size_t c = 0; c < nl; c++)
            for (int q = -128; q < 128; q++)
                s->qs[c][(uint8_t)q] = (double)q * m->scale[c];
        memcpy(s->qs_scale, m->scale, nl * sizeof *m->scale);
        s->qs_labels = nl;
    }
    return (const double(*)[256])s->qs;
}

/* Probabilities (and with explain_k > 0 the evidence) from the vector of
 * f, which is s->f when explaining. */
static int score(const ns_model *m, ns_scratch *s, const ns_featurizer *f, int explain_k, ns_prediction *p,
                 ns_error *err)
{
    size_t nl = m->n_labels;
    if (s->logit_cap < nl) {
        double *l = realloc(s->logit, nl * sizeof *l);
        if (!l)
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        s->logit = l, s->logit_cap = nl;
    }
    double *probs = realloc(p->probs, nl * sizeof *probs);
    if (!probs)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    p->probs = probs;
    double *logit = s->logit;
    for (size_t c = 0; c < nl; c++)
        logit[c] = m->bias[c];
    const ns_fvec *v = &f->vec;
    if (m->w) {
        for (size_t i = 0; i < v->n; i++) {
            PREFETCH_ROW(m->w, v, i, nl);
            const float *w = m->w + (size_t)v->idx[i] * nl;
            double x = v->val[i];
            for (size_t c = 0; c < nl; c++)
                logit[c] += x * w[c];
        }
    } else if (nl <= DOT_MAX_LABELS) {
        /* one instance per count, so that each keeps its sums in registers */
        const double(*qs)[256] = dot_table(s, m);
        switch (nl) {
        case 2: dot_quantized(m, v, qs, logit, 2); break;
        case 3: dot_quantized(m, v, qs, logit, 3); break;
        case 4: dot_quantized(m, v, qs, logit, 4); break;
        case 5: dot_quantized(m, v, qs, logit, 5); break;
        case 6: dot_quantized(m, v, qs, logit, 6); break;
        case 7: dot_quantized(m, v, qs, logit, 7); break;
        default: dot_quantized(m, v, qs, logit, 8); break;
        }
    } else {
        for (size_t i = 0; i < v->n; i++) {
            PREFETCH_ROW(m->q, v, i, nl);
            const int8_t *q = m->q + (size_t)v->idx[i] * nl;
            double x = v->val[i];
            for (size_t c = 0; c < nl; c++)
                logit[c] += x * q[c] * m->scale[c];
        }
    }
    ns_softmax(logit, nl, m->temperature, probs);
    size_t a = 0, b = 1;
    if (logit[1] > logit[0])
        a = 1, b = 0;
    for (size_t c = 2; c < nl; c++) {
        if (logit[c] > logit[a])
            b = a, a = c;
        else if (logit[c] > logit[b])
            b = c;
    }
    p->label = a, p->runner_up = b;
    if (explain_k <= 0)
        return NS_OK;
    if (s->contrib_cap < v->n) {
        double *c = realloc(s->contrib, v->n * sizeof *c);
        if (!c)
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        s->contrib = c, s->contrib_cap = v->n;
    }
    for (size_t i = 0; i < v->n; i++)
        s->contrib[i] =
            v->val[i] * ((double)ns_model_weight(m, v->idx[i], a) - (double)ns_model_weight(m, v->idx[i], b));
    if (pick(m, f, s->contrib, 1, explain_k, &p->pro, &p->n_pro) < 0 ||
        pick(m, f, s->contrib, -1, explain_k, &p->con, &p->n_con) < 0)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    return NS_OK;
}

/* A model trained with --idf weighs the unit vector's rows by their idf
 * (and rescales it), exactly as training saw it: the featurizer does it
 * as it finishes the vector (as ns_idf_apply would), and fetches m's rows
 * for the dot product meanwhile. */
static void read_with(const ns_model *m, ns_featurizer *f)
{
    f->idf = m->idf, f->idf_scale = m->idf_scale;
    f->rows = m->w ? (const char *)m->w : (const char *)m->q;
    f->row_bytes = m->n_labels * (m->w ? sizeof *m->w : sizeof *m->q);
}

int ns_predict(const ns_model *m, ns_scratch *s, const char *text, size_t len, int explain_k,
               ns_prediction *p, ns_error *err)
{
    free_evidence(p);
    read_with(m, &s->f);
    int rc = ns_featurize(&s->f, &m->fc, text, len, explain_k != 0, err);
    if (rc)
        return rc;
    return score(m, s, &s->f, explain_k, p, err);
}

int ns_predict_part(const ns_model *m, ns_scratch *s, const char *text, size_t len, size_t off,
                    size_t part_len, ns_prediction *p, ns_error *err)
{
    free_evidence(p);
    int done = 0;
    read_with(m, &s->part);
    int rc = ns_featurize_part(&s->part, &s->f, &m->fc, text, len, off, part_len, &done, err);
    if (!rc && !done)
        rc = ns_featurize(&s->part, &m->fc, text + off, part_len, 0, err);
    if (rc)
        return rc;
    return score(m, s, &s->part, 0, p, err);
}

/* ------------------------------------------------------------ phrases */

/* Strongest first; ties to the earlier window, so the order is total (one
 * window per start) and any way of ranking gives the same sequence. */
static int stronger(const ns_phrase *a, const ns_phrase *b)
{
    if (a->weight != b->weight)
        return a->weight > b->weight;
    return a->span.start < b->span.start;
}

static void sift_down(ns_phrase *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, top = i;
        if (l < n && stronger(&h[l], &h[top]))
            top = l;
        if (r < n && stronger(&h[r], &h[top]))
            top = r;
        if (top == i)
            return;
        ns_phrase t = h[i];
        h[i] = h[top], h[top] = t;
        i = top;
    }
}

/* The candidates are taken strongest first until k are chosen, which is
 * usually after a handful of a page's hundreds: a heap (built in linear
 * time) hands them out in order without sorting them all. */
static void heap_make(ns_phrase *h, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(h, n, i);
}

static ns_phrase heap_pop(ns_phrase *h, size_t *n)
{
    ns_phrase top = h[0];
    h[0] = h[--*n];
    sift_down(h, *n, 0);
    return top;
}

int ns_explain_phrases(const ns_model *m, ns_scratch *s, size_t toward, size_t against, int k, ns_phrase *out,
                       size_t *n_out, ns_error *err)
{
    const ns_featurizer *f = &s->f;
    size_t nt = f->tokens.n;
    *n_out = 0;
    if (toward >= m->n_labels || against >= m->n_labels)
        return ns_fail(err, NS_EUSAGE, "label index out of range");
    if (!nt || k <= 0)
        return NS_OK;
    double *score = calloc(nt, sizeof *score);
    unsigned *count = calloc(f->vec.n ? f->vec.n : 1, sizeof *count);
    unsigned char *taken = calloc(nt, 1);
    if (!score || !count || !taken) {
        free(score), free(count), free(taken);
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    }
    /* A row's part in the margin is shared by its occurrences, and an
     * occurrence's share by the tokens it covers. */
    for (size_t i = 0; i < f->occ_n; i++)
        count[f->occ[i].vi]++;
    for (size_t i = 0; i < f->occ_n; i++) {
        const ns_occ *o = &f->occ[i];
        size_t j = o->vi;
        double c = f->vec.val[j] * ((double)ns_model_weight(m, o->bucket, toward) -
                                    (double)ns_model_weight(m, o->bucket, against));
        c /= count[j];
        size_t span = o->is_char ? 1 : o->len;
        for (size_t t = 0; t < span; t++)
            score[o->tok + t] += c / (double)span;
    }
    /* The k strongest windows of at most 6 tokens, never overlapping: each
     * start's best window, strongest first, taken when still free. */
    enum { MAXW = 6 };
    ns_phrase *cand = malloc(nt * sizeof *cand);
    if (!cand) {
        free(score), free(count), free(taken);
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    }
    size_t nc = 0;
    for (size_t a = 0; a < nt; a++) {
        if (score[a] <= 0)
            continue; /* a window worth showing starts with a word that helps */
        double sum = 0, best = 0;
        size_t bb = a;
        for (size_t b = a; b < nt && b < a + MAXW; b++) {
            sum += score[b];
            if (sum > best)
                best = sum, bb = b;
        }
        cand[nc++] = (ns_phrase){{(uint32_t)a, (uint32_t)bb}, best};
    }
    heap_make(cand, nc);
    while (nc && *n_out < (size_t)k) {
        ns_phrase best = heap_pop(cand, &nc);
        size_t a = best.span.start, b = best.span.end;
        int free_ = 1;
        for (size_t t = a; t <= b; t++)
            free_ &= !taken[t];
        if (!free_ || best.weight <= 1e-9)
            continue;
        while (b > a && score[b] <= 0)
            b--;
        for (size_t t = a; t <= b; t++)
            taken[t] = 1;
        out[*n_out].span = (ns_span){f->tokens.tok[a].start, f->tokens.tok[b].end};
        out[*n_out].weight = best.weight;
        (*n_out)++;
    }
    free(cand);
    free(score), free(count), free(taken);
    return NS_OK;
}
