/* postings.c — which articles hold which keys.
 *
 * A key's low NS_TR_BUCKET_BITS bits pick its bucket, one row of
 * fp(bucket, data); the blob holds an entry per (key, article): the key's
 * next 16 bits (its check) and the article's doc number as a varint, in the
 * order articles were added.  One row per bucket instead of one per
 * posting is what keeps the index near 5 bytes a posting (a row costs some 10 bytes of headers and pointers,
 * and most keys are on one article): see docs/trace.md.  Adding appends to the blobs of the touched buckets;
 * a bucket stops growing at NS_TR_BUCKET_CAP bytes (only a key shared by thousands of articles, i.e.
 * boilerplate, gets there) and the postings it refuses are counted, never silently lost from the statistics.
 */
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"

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

int ns_tr_postings_flush(sqlite3 *db, const char *path, ns_tr_posting *p, size_t n, size_t *dropped,
                         ns_error *err)
{
    *dropped = 0;
    if (!n)
        return NS_OK;
    if (sort_postings(p, n) < 0)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db,
                                "INSERT INTO fp(bucket, data) VALUES(?1, ?2) ON CONFLICT(bucket) DO UPDATE"
                                " SET data = data || excluded.data"
                                " WHERE length(data) + length(excluded.data) <= ?3",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return ns_tr_sqlerr(err, db, rc, path, "adding postings");
    unsigned char *buf = malloc(NS_TR_BUCKET_CAP + 16);
    if (!buf) {
        sqlite3_finalize(st);
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    }
    rc = NS_OK;
    for (size_t i = 0; i < n && !rc;) {
        size_t j = i, len = 0;
        for (; j < n && p[j].bucket == p[i].bucket; j++) {
            if (len + 12 > NS_TR_BUCKET_CAP) {
                (*dropped)++;
                continue;
            }
            len += ns_tr_entry_put(buf + len, p[j].check, p[j].doc);
        }
        sqlite3_bind_int64(st, 1, p[i].bucket);
        sqlite3_bind_blob(st, 2, buf, (int)len, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, NS_TR_BUCKET_CAP);
        int r = sqlite3_step(st);
        if (r != SQLITE_DONE)
            rc = ns_tr_sqlerr(err, db, r, path, "adding postings");
        else if (sqlite3_changes(db) == 0) /* the bucket is full */
            *dropped += j - i;
        sqlite3_reset(st);
        i = j;
    }
    free(buf);
    sqlite3_finalize(st);
    return rc;
}

int ns_tr_postings_remove(sqlite3 *db, const char *path, const uint64_t *keys, size_t n, int64_t doc,
                          size_t *removed, ns_error *err)
{
    *removed = 0;
    sqlite3_stmt *get = NULL, *put = NULL, *del = NULL;
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
        const unsigned char *b = sqlite3_column_blob(get, 0);
        size_t len = (size_t)sqlite3_column_bytes(get, 0), pos = 0, out = 0;
        unsigned char *nb = malloc(len + 1);
        if (!nb) {
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
            break;
        }
        uint16_t check;
        int64_t d;
        while (ns_tr_entry_next(b, len, &pos, &check, &d)) {
            if (d == doc)
                (*removed)++;
            else
                out += ns_tr_entry_put(nb + out, check, d);
        }
        sqlite3_reset(get);
        sqlite3_stmt *w = out ? put : del;
        sqlite3_bind_int64(w, 1, bucket);
        if (out)
            sqlite3_bind_blob(w, 2, nb, (int)out, SQLITE_TRANSIENT);
        r = sqlite3_step(w);
        sqlite3_reset(w);
        free(nb);
        if (r != SQLITE_DONE)
            rc = ns_tr_sqlerr(err, db, r, path, "replacing an article");
    }
done:
    sqlite3_finalize(get);
    sqlite3_finalize(put);
    sqlite3_finalize(del);
    return rc;
}
