/* batch.c — parallel labelling in input order.
 *
 * A batch is read whole (up to 4,096 records or 8 MB of text), cut into one
 * contiguous slice per thread, and each thread writes its records' JSON into
 * its own buffer; the buffers are then handed on in order.  Output order is
 * input order whatever the thread count. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "learn/prediction_json.h"

#define BATCH_RECORDS 4096
#define BATCH_BYTES (8u << 20)

typedef struct worker {
    const batch_options *o;
    const char *text;
    batch_item *items;
    size_t from, to;
    ns_strbuf out;
    size_t *ends; /* end offset in out of each record's JSON */
    ns_scratch *scratch;
    ns_error err;
    int rc;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    ns_prediction p = {0};
    w->out.n = 0;
    for (size_t i = w->from; i < w->to; i++) {
        batch_item *it = &w->items[i];
        int rc = ns_predict(w->o->model, w->scratch, w->text + it->text_off, it->text_len, w->o->explain, &p,
                            &w->err);
        if (rc) {
            w->rc = rc;
            break;
        }
        it->pred = p.label;
        if (w->o->json) {
            char idbuf[32];
            const char *id = it->id;
            if (!id) {
                snprintf(idbuf, sizeof idbuf, "%lu", it->line);
                id = idbuf;
            }
            ns_prediction_write_json(&w->out, w->o->model, &p, id, w->o->explain > 0);
            w->ends[i - w->from] = w->out.n;
            if (w->out.oom) {
                w->rc = ns_fail(&w->err, NS_ESYSTEM, "out of memory");
                break;
            }
        }
    }
    ns_prediction_clear(&p);
    return NULL;
}

int run_batches(ns_reader *r, const batch_options *o, batch_sink sink, void *ctx, ns_error *err)
{
    int nt = o->threads < 1 ? 1 : o->threads;
    worker *ws = calloc((size_t)nt, sizeof *ws);
    pthread_t *tid = calloc((size_t)nt, sizeof *tid);
    batch_item *items = calloc(BATCH_RECORDS, sizeof *items);
    ns_strbuf text = {0};
    int rc = NS_OK, done = 0;
    if (!ws || !tid || !items) {
        rc = ns_fail(err, NS_ESYSTEM, "out of memory");
        goto out;
    }
    for (int t = 0; t < nt; t++) {
        ws[t].o = o;
        ws[t].scratch = ns_scratch_new();
        ws[t].ends = malloc(BATCH_RECORDS * sizeof *ws[t].ends);
        if (!ws[t].scratch || !ws[t].ends) {
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
            goto out;
        }
    }
    while (!done) {
        size_t n = 0;
        text.n = 0;
        while (n < BATCH_RECORDS && text.n < BATCH_BYTES) {
            ns_record rec;
            int k = ns_reader_next(r, &rec, err);
            if (k < 0 || k > 1) {
                rc = k;
                goto out;
            }
            if (k == 0) {
                done = 1;
                break;
            }
            batch_item *it = &items[n];
            free(it->id), free(it->label);
            it->id = rec.id ? strdup(rec.id) : NULL;
            it->label = rec.label ? strdup(rec.label) : NULL;
            it->text_off = text.n, it->text_len = rec.text_len;
            it->line = rec.line;
            sb_put(&text, rec.text, rec.text_len);
            if (text.oom || (rec.id && !it->id) || (rec.label && !it->label)) {
                rc = ns_fail(err, NS_ESYSTEM, "out of memory");
                goto out;
            }
            n++;
        }
        if (!n)
            break;
        /* slices of about equal bytes */
        size_t at = 0;
        int used = 0;
        for (int t = 0; t < nt && at < n; t++, used++) {
            size_t goal = text.n / (size_t)nt * (size_t)(t + 1), to = at;
            while (to < n && (t == nt - 1 || items[to].text_off < goal || to == at))
                to++;
            ws[t].text = text.p ? text.p : "", ws[t].items = items;
            ws[t].from = at, ws[t].to = to, ws[t].rc = 0;
            at = to;
        }
        int started = 0;
        for (int t = 1; t < used; t++) {
            if (pthread_create(&tid[t], NULL, work, &ws[t]) != 0)
                break;
            started = t;
        }
        work(&ws[0]);
        for (int t = started + 1; t < used; t++)
            work(&ws[t]);
        for (int t = 1; t <= started; t++)
            pthread_join(tid[t], NULL);
        for (int t = 0; t < used && !rc; t++) {
            if (ws[t].rc) {
                rc = ws[t].rc;
                *err = ws[t].err;
                break;
            }
            size_t prev = 0;
            for (size_t i = ws[t].from; i < ws[t].to && !rc; i++) {
                size_t end = o->json ? ws[t].ends[i - ws[t].from] : 0;
                rc = sink(ctx, &items[i], o->json ? ws[t].out.p + prev : NULL, end - prev, err);
                prev = end;
            }
        }
        if (rc)
            goto out;
    }
out:
    if (ws)
        for (int t = 0; t < nt; t++) {
            ns_scratch_free(ws[t].scratch);
            sb_free(&ws[t].out);
            free(ws[t].ends);
        }
    if (items)
        for (size_t i = 0; i < BATCH_RECORDS; i++)
            free(items[i].id), free(items[i].label);
    free(ws), free(tid), free(items);
    sb_free(&text);
    return rc;
}
