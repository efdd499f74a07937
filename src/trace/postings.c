/* postings.c — which articles hold which keys.
 *
 * A key's low NS_TR_BUCKET_BITS bits pick its bucket, one row of
 * fp(bucket, data); the blob holds a group per key of the bucket: the key's
 * next 16 bits (its check) and the doc numbers of the articles holding it,
 * delta coded (bucket_blob.c).  One row per bucket instead of one per
 * posting, and one check per key instead of one per posting, is what keeps
 * the index near 2.6 bytes a posting: see docs/trace.md.  A batch merges
 * its postings into the blobs of the buckets it touches (an SQL function,
 * so that a bucket is read and written by one statement); a bucket stops
 * growing at NS_TR_BUCKET_CAP bytes (only keys shared by thousands of
 * articles, i.e. boilerplate, get it there) and the postings it refuses are
 * counted, never silently lost from the statistics.
 */
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"
#include "util/grow.h"

/* Sorts postings by bucket, keeping the order of equal buckets (the doc
 * order they were added in): two stable counting passes of 10 bits. */
static int sort_postings(ns_tr_posting *p, size_t n)
{
    ns_tr_posting *tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return -1;
    enum { BITS = NS_TR_BUCKET_BITS / 2, R = 1 << BITS };
    size_t count[R + 1];
    ns_tr_posting *from = p, *to = tmp;
    for (int pass = 0; pass < 2; pass++) {
        int shift = pass * BITS;
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++)
            count[((from[i].bucket >> shift) & (R - 1)) + 1]++;
        for (size_t r = 0; r < R; r++)
            count[r + 1] += count[r];
        for (size_t i = 0; i < n; i++)
            to[count[(from[i].bucket >> shift) & (R - 1)]++] = from[i];
        ns_tr_posting *t = from;
        from = to, to = t;
    }
    free(tmp); /* two passes: the result is back in p */
    return 0;
}

/* One posting of a bucket; fresh: it comes from the batch being added. */
typedef struct entry {
    uint16_t check;
    unsigned char fresh;
    int64_t doc;
} entry;

/* Scratch of a merge, reused from bucket to bucket. */
typedef struct merger {
    entry *e;
    size_t n, cap;
    int64_t *docs;
    size_t cap_docs;
    unsigned char *buf;
    size_t cap_buf;
    size_t dropped; /* postings refused (full bucket, or a duplicate) */
    int damaged, oom;
} merger;

static void merger_free(merger *m)
{
    free(m->e), free(m->docs), free(m->buf);
}

/* Appends the postings of blob b[0..n) to m->e; -1 damaged, -2 OOM. */
static int decode(merger *m, const unsigned char *b, size_t n, int fresh)
{
    ns_tr_cursor c;
    ns_tr_cursor_init(&c, b, n);
    int r;
    while ((r = ns_tr_group_next(&c)) == 1) {
        int64_t doc;
        while ((r = ns_tr_doc_next(&c, &doc)) == 1) {
            if (ns_grow((void **)&m->e, &m->cap, m->n + 1, sizeof *m->e) < 0)
                return -2;
            m->e[m->n++] = (entry){(uint16_t)c.check, (unsigned char)fresh, doc};
        }
        if (r < 0)
            return -1;
    }
    return r;
}

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->check != y->check)
        return x->check < y->check ? -1 : 1;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

/* Encodes m->e[0..n) (sorted) into m->buf; returns the length, or -1 (OOM). */
static long encode(merger *m)
{
    if (ns_grow((void **)&m->buf, &m->cap_buf, 22 * m->n + 16, 1) < 0 ||
        ns_grow((void **)&m->docs, &m->cap_docs, m->n + 1, sizeof *m->docs) < 0)
        return -1;
    size_t len = 0;
    for (size_t i = 0; i < m->n;) {
        size_t j = i, k = 0;
        for (; j < m->n && m->e[j].check == m->e[i].check; j++)
            m->docs[k++] = m->e[j].doc;
        len += ns_tr_group_put(m->buf + len, m->e[i].check, m->docs, k);
        i = j;
    }
    return (long)len;
}

/* Sorts m->e, drops duplicates, and encodes it within NS_TR_BUCKET_CAP:
 * while it is too long, the fresh postings of the key with the most
 * postings are refused.  Returns the length, -1 on OOM. */
static long settle(merger *m)
{
    qsort(m->e, m->n, sizeof *m->e, cmp_entry);
    size_t out = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (out && m->e[out - 1].check == m->e[i].check && m->e[out - 1].doc == m->e[i].doc) {
            m->dropped += m->e[i].fresh; /* two keys of one article alike in their 36 bits */
            continue;
        }
        m->e[out++] = m->e[i];
    }
    m->n = out;
    for (;;) {
        long len = encode(m);
        if (len <= NS_TR_BUCKET_CAP)
            return len;
        size_t best = SIZE_MAX, best_n = 0;
        for (size_t i = 0; i < m->n;) {
            size_t j = i, fresh = 0;
            for (; j < m->n && m->e[j].check == m->e[i].check; j++)
                fresh += m->e[j].fresh;
            if (fresh && j - i > best_n)
                best = i, best_n = j - i;
            i = j;
        }
        if (best == SIZE_MAX)
            return len; /* cannot happen: the old blob was within the cap */
        uint16_t check = m->e[best].check;
        out = 0;
        for (size_t i = 0; i < m->n; i++) {
            if (m->e[i].check == check && m->e[i].fresh) {
                m->dropped++;
                continue;
            }
            m->e[out++] = m->e[i];
        }
        m->n = out;
    }
}

/* ns_tr_merge(old, new): the blob of old's postings and new's. */
static void merge_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    merger *m = sqlite3_user_data(ctx);
    m->n = 0;
    int r = 0;
    for (int i = 0; i < argc && !r; i++)
        r = decode(m, sqlite3_value_blob(argv[i]), (size_t)sqlite3_value_bytes(argv[i]), i == 1);
    long len = r ? -1 : settle(m);
    if (r == -1) {
        m->damaged = 1;
        sqlite3_result_error(ctx, "a postings bucket does not decode", -1);
    } else if (r || len < 0) {
        m->oom = 1;
        sqlite3_result_error_nomem(ctx);
    } else {
        sqlite3_result_blob(ctx, m->buf, (int)len, SQLITE_TRANSIENT);
    }
}

int ns_tr_postings_flush(sqlite3 *db, const char *path, ns_tr_posting *p, size_t n, size_t *dropped,
                         ns_error *err)
{
    *dropped = 0;
    if (!n)
        return NS_OK;
    if (sort_postings(p, n) < 0)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    merger m = {0};
    int rc = sqlite3_create_function_v2(db, "ns_tr_merge", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, &m,
                                        merge_fn, NULL, NULL, NULL);
    sqlite3_stmt *st = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "INSERT INTO fp(bucket, data) VALUES(?1, ?2) ON CONFLICT(bucket) DO UPDATE"
                                " SET data = ns_tr_merge(data, excluded.data)",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) {
        rc = ns_tr_sqlerr(err, db, rc, path, "adding postings");
        goto done;
    }
    rc = NS_OK;
    for (size_t i = 0; i < n && !rc;) {
        size_t j = i;
        m.n = 0;
        for (; j < n && p[j].bucket == p[i].bucket; j++) {
            if (ns_grow((void **)&m.e, &m.cap, m.n + 1, sizeof *m.e) < 0) {
                m.oom = 1;
                break;
            }
            m.e[m.n++] = (entry){p[j].check, 1, p[j].doc};
        }
        long len = m.oom ? -1 : settle(&m);
        if (len < 0) {
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
            break;
        }
        sqlite3_bind_int64(st, 1, p[i].bucket);
        sqlite3_bind_blob(st, 2, m.buf, (int)len, SQLITE_STATIC);
        int r = sqlite3_step(st);
        if (r != SQLITE_DONE)
            rc = m.damaged ? ns_fail(err, NS_EINPUT, "%s: the index is damaged: bucket %u does not decode",
                                     path, (unsigned)p[i].bucket)
                 : m.oom   ? ns_fail(err, NS_ESYSTEM, "out of memory")
                           : ns_tr_sqlerr(err, db, r, path, "adding postings");
        sqlite3_reset(st);
        i = j;
    }
    *dropped = m.dropped;
done:
    sqlite3_finalize(st);
    sqlite3_create_function_v2(db, "ns_tr_merge", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, NULL, NULL,
                               NULL, NULL);
    merger_free(&m);
    return rc;
}

int ns_tr_postings_remove(sqlite3 *db, const char *path, const uint64_t *keys, size_t n, int64_t doc,
                          size_t *removed, ns_error *err)
{
    *removed = 0;
    sqlite3_stmt *get = NULL, *put = NULL, *del = NULL;
    merger m = {0};
    int rc = sqlite3_prepare_v2(db, "SELECT data FROM fp WHERE bucket=?", -1, &get, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "UPDATE fp SET data=?2 WHERE bucket=?1", -1, &put, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "DELETE FROM fp WHERE bucket=?", -1, &del, NULL);
    if (rc != SQLITE_OK) {
        rc = ns_tr_sqlerr(err, db, rc, path, "replacing an article");
        goto done;
    }
    rc = NS_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        uint32_t bucket = ns_tr_bucket(keys[i]);
        int seen = 0; /* keys sharing a bucket: filter it once */
        for (size_t k = 0; k < i && !seen; k++)
            seen = ns_tr_bucket(keys[k]) == bucket;
        if (seen)
            continue;
        sqlite3_bind_int64(get, 1, bucket);
        int r = sqlite3_step(get);
        if (r == SQLITE_DONE) {
            sqlite3_reset(get);
            continue;
        }
        if (r != SQLITE_ROW) {
            rc = ns_tr_sqlerr(err, db, r, path, "replacing an article");
            break;
        }
        m.n = 0;
        int d = decode(&m, sqlite3_column_blob(get, 0), (size_t)sqlite3_column_bytes(get, 0), 0);
        sqlite3_reset(get);
        if (d) {
            rc = d == -1 ? ns_fail(err, NS_EINPUT, "%s: the index is damaged: bucket %u does not decode",
                                   path, (unsigned)bucket)
                         : ns_fail(err, NS_ESYSTEM, "out of memory");
            break;
        }
        size_t out = 0;
        for (size_t k = 0; k < m.n; k++) {
            if (m.e[k].doc == doc)
                (*removed)++;
            else
                m.e[out++] = m.e[k];
        }
        m.n = out;
        long len = encode(&m);
        if (len < 0) {
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
            break;
        }
        sqlite3_stmt *w = len ? put : del;
        sqlite3_bind_int64(w, 1, bucket);
        if (len)
            sqlite3_bind_blob(w, 2, m.buf, (int)len, SQLITE_STATIC);
        r = sqlite3_step(w);
        sqlite3_reset(w);
        if (r != SQLITE_DONE)
            rc = ns_tr_sqlerr(err, db, r, path, "replacing an article");
    }
done:
    sqlite3_finalize(get);
    sqlite3_finalize(put);
    sqlite3_finalize(del);
    merger_free(&m);
    return rc;
}
