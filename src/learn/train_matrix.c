/* train_matrix.c — featurizing a training corpus into one compressed
 * sparse matrix (each thread a contiguous slice, joined in order, so the
 * result does not depend on the thread count), weighting it by idf, and
 * renumbering its rows densely for the epochs. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "learn/ftrl.h"
#include "learn/idf.h"
#include "learn/train_matrix.h"

typedef struct slice_job {
    const ns_corpus *c;
    const ns_feature_config *fc;
    size_t from, to;
    size_t nnz, cap;
    uint32_t *idx;
    float *val;
    size_t idx_mapped, val_mapped;
    size_t *len;
    ns_error err;
    int rc;
} slice_job;

/* Grows an array of nonzeros to cap elements, keeping its first n.  The
 * arrays live in huge pages (ns_rows_alloc): filling fresh memory 4 kB page
 * by page faulted more than the featurizing cost. */
static int grow_nonzeros(slice_job *j, size_t cap)
{
    size_t im, vm;
    uint32_t *ni = ns_rows_alloc(cap * sizeof *ni, &im, 0);
    float *nv = ns_rows_alloc(cap * sizeof *nv, &vm, 0);
    if (!ni || !nv) {
        if (ni)
            ns_rows_free(ni, im);
        if (nv)
            ns_rows_free(nv, vm);
        return -1;
    }
    if (j->nnz) {
        memcpy(ni, j->idx, j->nnz * sizeof *ni);
        memcpy(nv, j->val, j->nnz * sizeof *nv);
    }
    if (j->idx)
        ns_rows_free(j->idx, j->idx_mapped);
    if (j->val)
        ns_rows_free(j->val, j->val_mapped);
    j->idx = ni, j->val = nv, j->idx_mapped = im, j->val_mapped = vm, j->cap = cap;
    return 0;
}

static void *featurize_slice(void *arg)
{
    slice_job *j = arg;
    ns_featurizer f = {0};
    j->len = malloc((j->to - j->from + 1) * sizeof *j->len);
    if (!j->len)
        goto oom;
    for (size_t d = j->from; d < j->to; d++) {
        const ns_doc *doc = &j->c->docs[d];
        int rc = ns_featurize(&f, j->fc, j->c->text + doc->off, doc->len, 0, &j->err);
        if (rc) {
            j->rc = rc;
            ns_featurizer_free(&f);
            return NULL;
        }
        if (j->nnz + f.vec.n > j->cap) {
            /* Room for four nonzeros per byte of text to begin with (char
             * n-grams give one or two): the pages are touched only as they
             * fill, and growing cost a copy and a second zeroing. */
            size_t nc = j->cap ? j->cap * 2 : 4096 + 4 * (j->c->docs[j->to - 1].off - doc->off);
            while (nc < j->nnz + f.vec.n)
                nc *= 2;
            if (grow_nonzeros(j, nc))
                goto oom;
        }
        memcpy(j->idx + j->nnz, f.vec.idx, f.vec.n * sizeof *j->idx);
        memcpy(j->val + j->nnz, f.vec.val, f.vec.n * sizeof *j->val);
        j->nnz += f.vec.n;
        j->len[d - j->from] = f.vec.n;
    }
    ns_featurizer_free(&f);
    return NULL;
oom:
    ns_featurizer_free(&f);
    j->rc = ns_fail(&j->err, NS_ESYSTEM, "out of memory while featurizing");
    return NULL;
}

void ns_matrix_free(matrix *m)
{
    ns_rows_free(m->idx, m->idx_mapped), ns_rows_free(m->val, m->val_mapped);
    free(m->off), free(m->y), free(m->ym), free(m->dw);
    memset(m, 0, sizeof *m);
}

int ns_matrix_featurize(const ns_corpus *c, const ns_feature_config *fc, int threads, matrix *m,
                        ns_error *err)
{
    size_t n = c->n;
    if (threads < 1)
        threads = 1;
    if ((size_t)threads > n)
        threads = n ? (int)n : 1;
    slice_job *jobs = calloc((size_t)threads, sizeof *jobs);
    pthread_t *tid = calloc((size_t)threads, sizeof *tid);
    int rc = NS_OK;
    if (!jobs || !tid) {
        free(jobs), free(tid);
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    }
    /* Slices of equal bytes rather than equal documents balance the work. */
    size_t total = c->text_len, d = 0;
    for (int t = 0; t < threads; t++) {
        jobs[t].c = c, jobs[t].fc = fc, jobs[t].from = d;
        size_t goal = total / (size_t)threads * (size_t)(t + 1), acc = d < n ? c->docs[d].off : total;
        while (d < n && (t == threads - 1 || acc < goal))
            acc += c->docs[d++].len + 1;
        jobs[t].to = d;
    }
    int started = 0;
    for (int t = 1; t < threads; t++) {
        if (pthread_create(&tid[t], NULL, featurize_slice, &jobs[t]) != 0)
            break;
        started = t;
    }
    featurize_slice(&jobs[0]);
    for (int t = started + 1; t < threads; t++) /* threads that did not start */
        featurize_slice(&jobs[t]);
    for (int t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    size_t nnz = 0;
    for (int t = 0; t < threads; t++) {
        if (jobs[t].rc && !rc) {
            rc = jobs[t].rc;
            *err = jobs[t].err;
        }
        nnz += jobs[t].nnz;
    }
    if (!rc) {
        m->n = n;
        m->off = malloc((n + 1) * sizeof *m->off);
        /* The first slice's arrays grow into the matrix's: with one thread
         * nothing is copied (copying 2 x 4 bytes per nonzero into fresh
         * memory cost as much as a training epoch). */
        if (jobs[0].cap >= nnz || !grow_nonzeros(&jobs[0], nnz ? nnz : 1)) {
            m->idx = jobs[0].idx, m->val = jobs[0].val;
            m->idx_mapped = jobs[0].idx_mapped, m->val_mapped = jobs[0].val_mapped, m->cap = jobs[0].cap;
            jobs[0].idx = NULL, jobs[0].val = NULL;
        }
        m->y = malloc((n ? n : 1) * sizeof *m->y);
        if (!m->off || !m->idx || !m->val || !m->y) {
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
        } else {
            size_t at = 0, row = 0;
            m->off[0] = 0;
            for (int t = 0; t < threads; t++) {
                if (t > 0 && jobs[t].nnz) {
                    memcpy(m->idx + at, jobs[t].idx, jobs[t].nnz * sizeof *m->idx);
                    memcpy(m->val + at, jobs[t].val, jobs[t].nnz * sizeof *m->val);
                }
                at += jobs[t].nnz;
                for (size_t i = jobs[t].from; i < jobs[t].to; i++, row++)
                    m->off[row + 1] = m->off[row] + jobs[t].len[i - jobs[t].from];
            }
        }
    }
    for (int t = 0; t < threads; t++)
        ns_rows_free(jobs[t].idx, jobs[t].idx_mapped), ns_rows_free(jobs[t].val, jobs[t].val_mapped),
            free(jobs[t].len);
    free(jobs), free(tid);
    if (rc)
        ns_matrix_free(m);
    return rc;
}

void ns_matrix_idf(matrix *m, size_t hashed, const uint8_t *q, float scale)
{
    for (size_t d = 0; d < m->n; d++)
        ns_idf_apply(m->idx + m->off[d], m->val + m->off[d], m->off[d + 1] - m->off[d], hashed, q, scale);
}

/* Training touches only the rows its documents hold, a few hundred
 * thousand of 2^bits, and most often the rows of frequent features.  Rows
 * are renumbered densely, most frequent first (ties by row), so that the
 * state is a few MB rather than 2^bits cache lines and the hot rows share
 * the inner caches.  Each row's state is computed as before and vectors
 * keep their order, so the arithmetic, and so the model bytes, do not
 * change.  A dev feature training never saw goes to one more row, which
 * stays 0.  map comes with the count of each row in X's documents, and
 * leaves with each row's dense number; hashed_of[k] is the original row
 * of dense row k. */
int ns_matrix_compact_rows(matrix *X, matrix *D, size_t rows, uint32_t *map, uint32_t **hashed_of,
                           size_t *n_dense)
{
    size_t nnz = X->off[X->n];
    uint32_t maxc = 0;
    size_t n = 0;
    for (size_t r = 0; r < rows; r++) {
        n += map[r] != 0;
        maxc = map[r] > maxc ? map[r] : maxc;
    }
    size_t *next = calloc((size_t)maxc + 2, sizeof *next);
    uint32_t *of = malloc((n + 1) * sizeof *of);
    if (!next || !of) {
        free(next), free(of);
        return -1;
    }
    for (size_t r = 0; r < rows; r++)
        next[map[r]]++;
    /* next[c]: the first dense number of rows seen c times */
    size_t at = 0;
    for (size_t c = maxc; c >= 1; c--) {
        size_t k = next[c];
        next[c] = at, at += k;
    }
    for (size_t r = 0; r < rows; r++) {
        if (map[r]) {
            size_t k = next[map[r]]++;
            of[k] = (uint32_t)r, map[r] = (uint32_t)k;
        } else {
            map[r] = (uint32_t)n;
        }
    }
    for (size_t i = 0; i < nnz; i++)
        X->idx[i] = map[X->idx[i]];
    for (size_t i = 0; D->n && i < D->off[D->n]; i++)
        D->idx[i] = map[D->idx[i]];
    free(next);
    *hashed_of = of, *n_dense = n;
    return 0;
}
