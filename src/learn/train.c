/* train.c — multinomial logistic regression by FTRL-proximal.
 *
 * Why FTRL-proximal: it takes L1 and L2 per coordinate with sparse updates
 * (a document touches only its own features), needs no learning-rate
 * schedule, and yields exact zeros under L1, which keeps models small.
 *
 * The documents are featurized once, in parallel (each thread a contiguous
 * slice, joined in order, so the result does not depend on the thread
 * count), into one compressed sparse matrix.  The epochs then run on one
 * core over a seeded shuffle: the same inputs, options and seed give the
 * same model bytes.  With a dev set every epoch is scored by dev macro-F1,
 * the best epoch's weights are kept, and a temperature is fitted on dev so
 * that probabilities mean what they say. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/corpus.h"
#include "learn/features.h"
#include "learn/ftrl.h"
#include "learn/idf.h"
#include "learn/metrics.h"
#include "learn/model.h"
#include "learn/train_matrix.h"

void ns_train_options_default(ns_train_options *o)
{
    memset(o, 0, sizeof *o);
    o->features = (ns_feature_config){1, 2, 0, 0, 20, 1};
    o->epochs = 20;
    o->patience = 4;
    o->alpha = 0.5;
    o->l1 = 0;
    o->l2 = 1e-4;
    o->min_df = 1;
    o->seed = 1;
    o->threads = 1;
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void epoch(ns_ftrl *L, const matrix *X, size_t *order, uint64_t *rng, double *logit, double *p,
                  float *g, float *wbuf)
{
    size_t nl = L->nl;
    for (size_t i = X->n; i > 1; i--) { /* Fisher-Yates */
        size_t j = (size_t)(splitmix(rng) % i), t = order[i - 1];
        order[i - 1] = order[j], order[j] = t;
    }
    for (size_t r = 0; r < X->n; r++) {
        size_t d = order[r];
        int y = X->y[d];
        if (y == NO_LABEL) /* a set-labelled document (SET_LABEL) trains too */
            continue;
        size_t a = X->off[d], n = X->off[d + 1] - a;
        /* the weights the gradient is taken at, kept for the update */
        ns_ftrl_logits(L, X->idx + a, X->val + a, n, logit, wbuf);
        ns_softmax(logit, nl, 1.0, p);
        /* p becomes the gradient of the loss by each logit.  For a set of
         * allowed labels the loss is -log of their summed probability, whose
         * gradient is p_c minus p_c's share of that sum within the set. */
        double allowed = 0;
        if (y == SET_LABEL)
            for (size_t c = 0; c < nl; c++)
                allowed += (X->ym[d] >> c & 1) ? p[c] : 0;
        for (size_t c = 0; c < nl; c++) {
            double target =
                y == SET_LABEL ? ((X->ym[d] >> c & 1) ? p[c] / allowed : 0) : (double)(c == (size_t)y);
            g[c] = (float)((p[c] - target) * X->dw[d]);
        }
        /* the rows just read are still in cache; the next document's are not */
        if (r + 1 < X->n) {
            size_t nd = order[r + 1];
            ns_ftrl_prefetch(L, X->idx + X->off[nd], X->off[nd + 1] - X->off[nd]);
        }
        ns_ftrl_update(L, X->idx + a, X->val + a, n, g, wbuf);
    }
}

/* Dev logits straight from the state: the same figures as scoring the
 * materialized weights (a row training never touched has z = 0, weight 0),
 * without writing out 2^bits rows every epoch. */
static void state_scores(const ns_ftrl *L, const matrix *X, double *logit, double *out)
{
    for (size_t d = 0; d < X->n; d++) {
        ns_ftrl_logits(L, X->idx + X->off[d], X->val + X->off[d], X->off[d + 1] - X->off[d], logit, NULL);
        memcpy(out + d * L->nl, logit, L->nl * sizeof *out);
    }
}

static void scores(const matrix *X, const float *w, const float *bias, size_t nl, double *out)
{
    for (size_t d = 0; d < X->n; d++) {
        double *l = out + d * nl;
        for (size_t c = 0; c < nl; c++)
            l[c] = bias[c];
        for (size_t i = X->off[d]; i < X->off[d + 1]; i++) {
            const float *wr = w + (size_t)X->idx[i] * nl;
            for (size_t c = 0; c < nl; c++)
                l[c] += X->val[i] * wr[c];
        }
    }
}

/* A prediction inside a document's label set counts as that label; outside,
 * the gold label is the set's first. */
static int gold_of(const matrix *D, size_t d, int pred)
{
    if (D->y[d] != SET_LABEL)
        return D->y[d];
    if (D->ym[d] >> pred & 1)
        return pred;
    return __builtin_ctzll(D->ym[d]);
}

static double dev_f1(const matrix *D, const double *logits, size_t nl, int *pred, int *gold)
{
    for (size_t d = 0; d < D->n; d++) {
        const double *l = logits + d * nl;
        size_t best = 0;
        for (size_t c = 1; c < nl; c++)
            if (l[c] > l[best])
                best = c;
        pred[d] = (int)best;
        gold[d] = gold_of(D, d, pred[d]);
    }
    return ns_macro_f1(gold, pred, D->n, nl);
}

/* Mean negative log-likelihood on dev at temperature T. */
static double nll(const matrix *D, const double *logits, size_t nl, double T, double *p)
{
    double s = 0;
    size_t k = 0;
    for (size_t d = 0; d < D->n; d++) {
        if (D->y[d] == NO_LABEL)
            continue;
        ns_softmax(logits + d * nl, nl, T, p);
        double q = 0;
        if (D->y[d] == SET_LABEL)
            for (size_t c = 0; c < nl; c++)
                q += (D->ym[d] >> c & 1) ? p[c] : 0;
        else
            q = p[D->y[d]];
        s -= log(fmax(q, 1e-12));
        k++;
    }
    return k ? s / (double)k : 0;
}

/* Golden-section search on log T in [log 0.05, log 20]. */
static double fit_temperature(const matrix *D, const double *logits, size_t nl, double *p)
{
    double a = log(0.05), b = log(20.0), g = (sqrt(5.0) - 1) / 2;
    double x1 = b - g * (b - a), x2 = a + g * (b - a);
    double f1 = nll(D, logits, nl, exp(x1), p), f2 = nll(D, logits, nl, exp(x2), p);
    for (int it = 0; it < 40; it++) {
        if (f1 < f2) {
            b = x2, x2 = x1, f2 = f1;
            x1 = b - g * (b - a);
            f1 = nll(D, logits, nl, exp(x1), p);
        } else {
            a = x1, x1 = x2, f1 = f2;
            x2 = a + g * (b - a);
            f2 = nll(D, logits, nl, exp(x2), p);
        }
    }
    return exp((a + b) / 2);
}

static int check_options(const ns_train_options *o, ns_error *err)
{
    const ns_feature_config *fc = &o->features;
    if (fc->word_min < 1 || fc->word_max > 3 || fc->word_min > fc->word_max)
        return ns_fail(err, NS_EUSAGE, "word n-gram orders must be within 1-3");
    if (fc->char_max > 8 || fc->char_min > fc->char_max || (fc->char_min == 0) != (fc->char_max == 0))
        return ns_fail(err, NS_EUSAGE, "character n-gram orders must be 0 or within 1-8");
    if (fc->bits < 10 || fc->bits > 24)
        return ns_fail(err, NS_EUSAGE, "bits must be within 10-24");
    if (o->min_df < 1 || o->min_df > 1000000)
        return ns_fail(err, NS_EUSAGE, "min_df must be within 1-1000000");
    if (o->epochs < 1 || o->epochs > 10000)
        return ns_fail(err, NS_EUSAGE, "epochs must be within 1-10000");
    if (o->patience < 1 || o->patience > 10000)
        return ns_fail(err, NS_EUSAGE, "patience must be within 1-10000");
    if (!(o->l1 >= 0) || !(o->l2 >= 0) || !(o->alpha > 0) || !isfinite(o->l1) || !isfinite(o->l2) ||
        !isfinite(o->alpha))
        return ns_fail(err, NS_EUSAGE, "l1 and l2 must be >= 0 and alpha > 0");
    return NS_OK;
}

/* The model's labels.  Without partial labels they are the training file's
 * labels in first-seen order.  With a separator (say '|'), a training label
 * "offensive|ok" is the set {offensive, ok}: the document is known to be one
 * of them, not which (how one data set's "ok" covers another's "offensive"),
 * and the model's labels are the names found in the sets. */
typedef struct label_space {
    char **names;
    size_t n, cap;
} label_space;

static void labels_free(label_space *ls)
{
    for (size_t i = 0; i < ls->n; i++)
        free(ls->names[i]);
    free(ls->names);
}

static long label_find_or_add(label_space *ls, const char *s, size_t len, int add)
{
    for (size_t i = 0; i < ls->n; i++)
        if (strlen(ls->names[i]) == len && !memcmp(ls->names[i], s, len))
            return (long)i;
    if (!add)
        return -1;
    if (ls->n == ls->cap) {
        size_t cap = ls->cap ? ls->cap * 2 : 8;
        char **p = realloc(ls->names, cap * sizeof *p);
        if (!p)
            return -2;
        ls->names = p, ls->cap = cap;
    }
    if (!(ls->names[ls->n] = strndup(s, len)))
        return -2;
    return (long)ls->n++;
}

/* The set of model labels a raw label names; 0 when it names none (or when
 * out of memory, reported through *oom). */
static uint64_t label_mask(label_space *ls, const char *raw, char sep, int add, int *oom)
{
    uint64_t m = 0;
    const char *p = raw;
    for (;;) {
        const char *e = strchr(p, sep);
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len) {
            long i = label_find_or_add(ls, p, len, add && ls->n < 64);
            if (i == -2)
                *oom = 1;
            else if (i >= 0)
                m |= (uint64_t)1 << i;
        }
        if (!e)
            break;
        p = e + 1;
    }
    return m;
}

/* Fills y (and ym) of a featurized corpus from its raw labels. */
static int assign_labels(const ns_corpus *c, matrix *X, label_space *ls, char sep, int add, ns_error *err)
{
    int oom = 0;
    if (sep && !(X->ym = calloc(X->n ? X->n : 1, sizeof *X->ym)))
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    for (size_t d = 0; d < X->n; d++) {
        const char *raw = c->labels[c->docs[d].label];
        if (!sep) {
            long i = label_find_or_add(ls, raw, strlen(raw), add);
            if (i == -2)
                oom = 1;
            X->y[d] = i < 0 ? -1 : (int)i;
            continue;
        }
        uint64_t m = label_mask(ls, raw, sep, add, &oom);
        X->ym[d] = m;
        X->y[d] = !m ? -1 : (m & (m - 1)) ? SET_LABEL : __builtin_ctzll(m);
        if (add && !m)
            return ns_fail(err, NS_EINPUT, "label \"%s\" names no label (or more than 64 labels)", raw);
    }
    return oom ? ns_fail(err, NS_ESYSTEM, "out of memory") : NS_OK;
}

/* Loss weight of each document: 1, or with balanced class weights
 * N / (K * count of its label), K counting distinct raw labels. */
static int doc_weights(const ns_corpus *c, matrix *X, int balanced, ns_error *err)
{
    size_t *count = calloc(c->n_labels ? c->n_labels : 1, sizeof *count);
    X->dw = malloc((X->n ? X->n : 1) * sizeof *X->dw);
    if (!count || !X->dw) {
        free(count);
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    }
    for (size_t d = 0; d < X->n; d++)
        count[c->docs[d].label]++;
    for (size_t d = 0; d < X->n; d++)
        X->dw[d] =
            balanced ? (float)((double)X->n / ((double)c->n_labels * (double)count[c->docs[d].label])) : 1.0f;
    free(count);
    return NS_OK;
}

int ns_train(const ns_corpus *train, const ns_corpus *dev, const ns_train_options *o, const char *path,
             ns_train_summary *sum, ns_error *err)
{
    int rc = check_options(o, err);
    if (rc)
        return rc;
    if (train->n == 0)
        return ns_fail(err, NS_EINPUT, "%s: no training examples", train->name ? train->name : "train");
    const ns_feature_config *fc = &o->features;
    size_t rows = ns_feature_rows(fc), nl = 0;
    matrix X = {0}, D = {0};
    label_space ls = {0};
    ns_ftrl L = {0};
    float *best_w = NULL, best_bias[4096], *model_w = NULL;
    size_t model_w_mapped = 0, n_dense = 0;
    uint32_t *hashed_of = NULL, *df = NULL;
    size_t df_mapped = 0;
    double *logit = NULL, *p = NULL, *dlog = NULL;
    float *wbuf = NULL, *g = NULL;
    size_t *order = NULL, maxrow = 0;
    int *pred = NULL, *gold = NULL;
    unsigned char *used = NULL;
    size_t used_mapped = 0;
    size_t features_used = 0;
    uint8_t *idfq = NULL;
    size_t idfq_mapped = 0;
    float idf_scale = 0;

    if ((rc = ns_matrix_featurize(train, fc, o->threads, &X, err)) ||
        (rc = assign_labels(train, &X, &ls, o->partial_sep, 1, err)) ||
        (rc = doc_weights(train, &X, o->balanced, err)))
        goto done;
    nl = ls.n;
    if (nl < 2) {
        rc = ns_fail(err, NS_EINPUT, "%s: only one label (\"%s\"); a classifier needs two or more",
                     train->name ? train->name : "train", ls.names[0]);
        goto done;
    }
    if (nl > 4096) {
        rc = ns_fail(err, NS_EINPUT, "more than 4096 labels");
        goto done;
    }
    if (dev && dev->n) {
        if ((rc = ns_matrix_featurize(dev, fc, o->threads, &D, err)) ||
            (rc = assign_labels(dev, &D, &ls, o->partial_sep, 0, err)))
            goto done;
    }
    /* in how many documents each row is: for idf, and to renumber the rows */
    if (!(df = ns_rows_alloc(rows * sizeof *df, &df_mapped, 1))) {
        rc = ns_fail(err, NS_ESYSTEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < X.off[X.n]; i++)
        df[X.idx[i]]++;
    if (o->idf) {
        size_t hashed = (size_t)1 << fc->bits;
        if (!(idfq = ns_rows_alloc(hashed, &idfq_mapped, 1))) {
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
            goto done;
        }
        ns_idf_from_df(df, X.n, hashed, o->min_df, idfq, &idf_scale);
        ns_matrix_idf(&X, hashed, idfq, idf_scale);
        ns_matrix_idf(&D, hashed, idfq, idf_scale);
    }
    used = ns_rows_alloc(rows, &used_mapped, 1);
    if (!used) {
        rc = ns_fail(err, NS_ESYSTEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < X.off[X.n]; i++)
        used[X.idx[i]] |= !idfq || X.val[i] != 0; /* a row idf left out is not used */
    for (size_t r = 0; r < rows; r++)
        features_used += used[r];
    if (ns_matrix_compact_rows(&X, &D, rows, df, &hashed_of, &n_dense)) {
        rc = ns_fail(err, NS_ESYSTEM, "out of memory");
        goto done;
    }
    /* the dense rows, and the one row of dev features unseen in training */
    ns_ftrl_init(&L, n_dense + 1, nl, o->alpha, o->l1, o->l2);
    best_w = malloc((n_dense + 1) * nl * sizeof *best_w);
    order = malloc(X.n * sizeof *order);
    logit = malloc(L.lanes * sizeof *logit);
    g = calloc(L.lanes, sizeof *g);
    p = malloc(nl * sizeof *p);
    for (size_t d = 0; d < X.n; d++)
        if (X.off[d + 1] - X.off[d] > maxrow)
            maxrow = X.off[d + 1] - X.off[d];
    wbuf = malloc((maxrow + 1) * L.lanes * sizeof *wbuf);
    dlog = malloc((D.n + 1) * nl * sizeof *dlog);
    pred = malloc((D.n + 1) * sizeof *pred);
    gold = malloc((D.n + 1) * sizeof *gold);
    if (!L.s || !best_w || !order || !logit || !g || !p || !wbuf || !dlog || !pred || !gold) {
        rc = ns_fail(err, NS_ESYSTEM, "out of memory (the model needs %zu MB to train)",
                     n_dense * nl * 16 >> 20);
        goto done;
    }
    for (size_t d = 0; d < X.n; d++)
        order[d] = d;
    uint64_t rng = o->seed;
    double best = -1;
    int best_epoch = 0, patience = 0;
    for (int e = 1; e <= o->epochs; e++) {
        epoch(&L, &X, order, &rng, logit, p, g, wbuf);
        double f1 = -1;
        if (D.n) {
            state_scores(&L, &D, logit, dlog);
            f1 = dev_f1(&D, dlog, nl, pred, gold);
            if (f1 > best + 1e-9) {
                best = f1, best_epoch = e, patience = 0;
                ns_ftrl_materialize(&L, best_w, best_bias);
            } else if (++patience >= o->patience) {
                if (o->progress)
                    o->progress(o->progress_ctx, e, o->epochs, f1);
                break;
            }
        }
        if (o->progress)
            o->progress(o->progress_ctx, e, o->epochs, f1);
    }
    double T = 1.0;
    if (D.n) {
        scores(&D, best_w, best_bias, nl, dlog);
        T = fit_temperature(&D, dlog, nl, p);
    } else {
        ns_ftrl_materialize(&L, best_w, best_bias);
        best_epoch = o->epochs;
    }
    /* The weights in the model's rows; a row training never saw is 0.
     * Training's nonzeros are done with, and their pages are in memory
     * already: clearing them is quicker than fresh pages (whose first
     * touch cost more than writing the model). */
    if (X.cap >= rows * nl) {
        model_w = X.val;
        memset(model_w, 0, rows * nl * sizeof *model_w);
    } else if (!(model_w = ns_rows_alloc(rows * nl * sizeof *model_w, &model_w_mapped, 1))) {
        rc = ns_fail(err, NS_ESYSTEM, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < n_dense; k++)
        memcpy(model_w + (size_t)hashed_of[k] * nl, best_w + k * nl, nl * sizeof *model_w);
    char summary[1024], idf_opts[64] = ""; /* without --idf, the summary reads as it always did */
    if (o->idf)
        snprintf(idf_opts, sizeof idf_opts, "\"idf\": 1, \"min_df\": %d, ", o->min_df);
    snprintf(summary, sizeof summary,
             "{\"examples\": %zu, \"dev_examples\": %zu, \"classes\": %zu, \"features_used\": %zu, "
             "\"best_epoch\": %d, \"dev_macro_f1\": %.6f, \"temperature\": %.6f, "
             "\"options\": {\"ngrams\": \"%d-%d\", \"char_ngrams\": \"%d-%d\", \"bits\": %d, "
             "\"dense\": %d, \"epochs\": %d, \"alpha\": %g, \"l1\": %g, \"l2\": %g, "
             "\"class_weight\": \"%s\", \"partial_labels\": %s, \"quantize\": %d, %s\"seed\": %llu}}",
             X.n, D.n, nl, features_used, best_epoch, D.n ? best : -1.0, T, fc->word_min, fc->word_max,
             fc->char_min, fc->char_max, fc->bits, fc->dense, o->epochs, o->alpha, o->l1, o->l2,
             o->balanced ? "balanced" : "none", o->partial_sep ? "true" : "false", o->quantize ? 1 : 0,
             idf_opts, (unsigned long long)o->seed);
    ns_model_spec spec = {*fc, nl, ls.names, T, summary, best_bias, model_w, o->quantize, idfq, idf_scale};
    rc = ns_model_write(&spec, path, err);
    if (!rc && sum) {
        *sum = (ns_train_summary){X.n, D.n, nl, features_used, best_epoch, D.n ? best : -1.0, T};
    }
done:
    if (model_w && model_w != X.val)
        ns_rows_free(model_w, model_w_mapped);
    ns_matrix_free(&X), ns_matrix_free(&D);
    ns_ftrl_free(&L);
    ns_rows_free(df, df_mapped); /* NULL with 0 mapped: free(NULL) */
    free(best_w), free(hashed_of), free(order);
    ns_rows_free(used, used_mapped);
    free(logit), free(p), free(wbuf), free(g), free(dlog), free(pred), free(gold);
    ns_rows_free(idfq, idfq_mapped);
    labels_free(&ls);
    return rc;
}
