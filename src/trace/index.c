/* index.c — the index file: opening it (and refusing what is not one),
 * the pool of read connections, statistics and checks.
 *
 * The file is SQLite in WAL mode with 64 KiB pages (article texts of a few
 * KB waste little room at the end of such a page):
 *
 *   meta(key TEXT PRIMARY KEY, value)       settings and running counters
 *   hosts(host INTEGER PRIMARY KEY, prefix TEXT UNIQUE)  url prefixes
 *   articles(doc INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE,
 *            host, url, title, date, outlet, text)
 *   fp(bucket INTEGER PRIMARY KEY, data BLOB)  postings, see postings.c
 *
 * An article's url is stored as the hosts row of its "scheme://host/" and
 * the rest (many articles share a host: each would repeat it); a date of the
 * form YYYY-MM-DD as the integer YYYYMMDD (add.c).
 *
 * PRAGMA application_id is "nstr" and PRAGMA user_version the format
 * (NS_TR_FORMAT); meta holds the fingerprint settings, so an index built with
 * other settings is refused rather than searched wrongly. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "trace/trace.h"
#include "util/strbuf.h"

int ns_tr_sqlerr(ns_error *err, sqlite3 *db, int rc, const char *path, const char *what)
{
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_FULL: return ns_fail(err, NS_ESYSTEM, "%s: disk full while %s", path, what);
    case SQLITE_IOERR: {
        int e = db ? sqlite3_system_errno(db) : 0;
        if (e == ENOSPC || e == EFBIG || e == EDQUOT)
            return ns_fail(err, NS_ESYSTEM, "%s: disk full while %s (%s)", path, what, strerror(e));
        if (e)
            return ns_fail(err, NS_ESYSTEM, "%s: %s while %s (%s)", path, msg, what, strerror(e));
        return ns_fail(err, NS_ESYSTEM, "%s: %s while %s (the disk may be full)", path, msg, what);
    }
    case SQLITE_NOMEM: return ns_fail(err, NS_ESYSTEM, "%s: out of memory while %s", path, what);
    case SQLITE_NOTADB:
        return ns_fail(err, NS_EINPUT, "%s: not a newssift index (the file is not an SQLite database)", path);
    case SQLITE_CORRUPT: return ns_fail(err, NS_EINPUT, "%s: the index is damaged (%s)", path, msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ns_fail(err, NS_ESYSTEM, "%s: the index is busy (another process is writing it)", path);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN: return ns_fail(err, NS_EINPUT, "%s: cannot %s: %s", path, what, msg);
    default: return ns_fail(err, NS_ESYSTEM, "%s: %s while %s", path, msg, what);
    }
}

int ns_tr_exec(sqlite3 *db, const char *sql, const char *path, ns_error *err)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? NS_OK : ns_tr_sqlerr(err, db, rc, path, "writing the index");
}

int ns_tr_connect(sqlite3 **out, const char *path, int flags, ns_error *err)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        if (!db)
            return ns_fail(err, NS_ESYSTEM, "%s: out of memory", path);
        rc = ns_tr_sqlerr(err, db, rc, path, "open it");
        sqlite3_close(db);
        return rc;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 10000);
    /* mmap reads pages without copying them: most of a query's time is
     * spent on a few postings pages and the candidates' texts */
    sqlite3_exec(db, "PRAGMA mmap_size=17179869184; PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
    *out = db;
    return NS_OK;
}

/* One integer from a query of one row; -1 when there is no row. */
static int query_int(sqlite3 *db, const char *sql, long long *v, const char *path, ns_error *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return ns_tr_sqlerr(err, db, rc, path, "reading the index");
    rc = sqlite3_step(st);
    *v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return ns_tr_sqlerr(err, db, rc, path, "reading the index");
    return NS_OK;
}

/* The fingerprint settings an index records, and this build's. */
static const struct {
    const char *key;
    long long value;
} SETTINGS[] = {
    {"shingle_words", NS_TR_SHINGLE},       {"keys_per_article", NS_TR_KEYS},
    {"max_rate_log2", NS_TR_MAX_RATE_LOG2}, {"bucket_bits", NS_TR_BUCKET_BITS},
    {"seed", (long long)NS_TR_SEED},        {"stop_postings", NS_TR_STOP},
    {"bucket_cap_bytes", NS_TR_BUCKET_CAP}, {"check_bits", 16},
};

static const char SCHEMA[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
    "CREATE TABLE hosts(host INTEGER PRIMARY KEY, prefix TEXT NOT NULL UNIQUE);"
    "CREATE TABLE articles(doc INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, host INTEGER,"
    " url TEXT, title TEXT, date, outlet TEXT, text TEXT NOT NULL);"
    "CREATE TABLE fp(bucket INTEGER PRIMARY KEY, data BLOB NOT NULL);"
    "INSERT INTO meta VALUES('articles', 0), ('stored_bytes', 0), ('postings', 0), ('dropped_postings', 0);";

static int create_schema(sqlite3 *db, const char *path, ns_error *err)
{
    char sql[2048];
    int rc;
    snprintf(sql, sizeof sql, "PRAGMA page_size=%d; PRAGMA journal_mode=WAL", NS_TR_PAGE_SIZE);
    if ((rc = ns_tr_exec(db, sql, path, err)) || (rc = ns_tr_exec(db, "BEGIN IMMEDIATE", path, err)))
        return rc;
    long long n;
    if ((rc = query_int(db, "SELECT count(*) FROM sqlite_schema", &n, path, err)))
        goto fail;
    if (n > 0) /* another process made it meanwhile */
        return ns_tr_exec(db, "ROLLBACK", path, err);
    if ((rc = ns_tr_exec(db, SCHEMA, path, err)))
        goto fail;
    for (size_t i = 0; i < sizeof SETTINGS / sizeof *SETTINGS; i++) {
        snprintf(sql, sizeof sql, "INSERT INTO meta VALUES('%s', %lld)", SETTINGS[i].key, SETTINGS[i].value);
        if ((rc = ns_tr_exec(db, sql, path, err)))
            goto fail;
    }
    snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d; COMMIT", NS_TR_APP_ID,
             NS_TR_FORMAT);
    if ((rc = ns_tr_exec(db, sql, path, err)))
        goto fail;
    return NS_OK;
fail:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Refuses what is not an index of this format and these settings. */
static int verify(sqlite3 *db, const char *path, int create, ns_error *err)
{
    long long app, ver, tables;
    int rc;
    if ((rc = query_int(db, "PRAGMA application_id", &app, path, err)) ||
        (rc = query_int(db, "PRAGMA user_version", &ver, path, err)) ||
        (rc = query_int(db, "SELECT count(*) FROM sqlite_schema", &tables, path, err)))
        return rc;
    if (app == 0 && ver == 0 && tables == 0) {
        if (!create)
            return ns_fail(err, NS_EINPUT, "%s: not a newssift index (an empty SQLite database)", path);
        if ((rc = create_schema(db, path, err)))
            return rc;
        return verify(db, path, 0, err);
    }
    if (app != NS_TR_APP_ID)
        return ns_fail(err, NS_EINPUT,
                       "%s: not a newssift index (an SQLite database with application_id %lld)", path, app);
    if (ver > NS_TR_FORMAT)
        return ns_fail(err, NS_EINPUT,
                       "%s: index format %lld is newer than this newssift reads (%d); use a newer newssift",
                       path, ver, NS_TR_FORMAT);
    if (ver < 1)
        return ns_fail(err, NS_EINPUT, "%s: the index is damaged (format %lld)", path, ver);
    if (ver < NS_TR_FORMAT)
        return ns_fail(
            err, NS_EINPUT,
            "%s: index format %lld is older than this newssift reads (%d); rebuild it with trace add", path,
            ver, NS_TR_FORMAT);
    for (size_t i = 0; i < sizeof SETTINGS / sizeof *SETTINGS; i++) {
        char sql[256];
        long long v;
        snprintf(sql, sizeof sql, "SELECT value FROM meta WHERE key='%s'", SETTINGS[i].key);
        if ((rc = query_int(db, sql, &v, path, err)))
            return rc;
        if (v != SETTINGS[i].value)
            return ns_fail(err, NS_EINPUT,
                           "%s: the index was built with %s=%lld, this newssift uses %lld; rebuild it", path,
                           SETTINGS[i].key, v, SETTINGS[i].value);
    }
    return NS_OK;
}

int ns_index_open(ns_index **out, const char *path, int create, ns_error *err)
{
    *out = NULL;
    if (!path || !*path)
        return ns_fail(err, NS_EUSAGE, "no index path given");
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT || !create)
            return ns_fail(err, NS_EINPUT, "%s: cannot open the index: %s", path, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        return ns_fail(err, NS_EINPUT, "%s: is a directory, not an index", path);
    }
    ns_index *ix = calloc(1, sizeof *ix);
    if (!ix || !(ix->path = strdup(path))) {
        free(ix);
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    }
    pthread_mutex_init(&ix->mu, NULL);
    ix->threads = 1;
    int rc = ns_tr_connect(&ix->db, path, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), err);
    if (rc == NS_EINPUT && !create) /* a read-only file still answers queries */
        rc = ns_tr_connect(&ix->db, path, SQLITE_OPEN_READONLY, err);
    if (!rc)
        rc = verify(ix->db, path, create, err);
    if (!rc)
        rc = ns_tr_exec(ix->db, "PRAGMA synchronous=FULL; PRAGMA cache_size=-262144", path, err);
    if (!rc) {
        /* one read connection ready: the first query does not pay for
         * opening it and reading the schema */
        ns_tr_conn *c = ns_tr_borrow(ix, err);
        if (c)
            ns_tr_return(ix, c);
        else
            rc = err->code ? err->code : NS_ESYSTEM;
    }
    if (rc) {
        ns_index_close(ix);
        return rc;
    }
    *out = ix;
    return NS_OK;
}

static void conn_close(ns_tr_conn *c)
{
    sqlite3_finalize(c->bucket);
    sqlite3_finalize(c->article);
    sqlite3_close(c->db);
    free(c);
}

void ns_index_close(ns_index *ix)
{
    if (!ix)
        return;
    while (ix->idle) {
        ns_tr_conn *c = ix->idle;
        ix->idle = c->next;
        conn_close(c);
    }
    if (ix->db) {
        /* after an add, fold the WAL back into the file so that a closed
         * index is one file (a reader does not: it would wait for a writer) */
        if (ix->wrote)
            sqlite3_exec(ix->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
        sqlite3_close(ix->db);
    }
    ns_outlets_free(ix->outlets);
    pthread_mutex_destroy(&ix->mu);
    free(ix->path);
    free(ix);
}

ns_tr_conn *ns_tr_borrow(ns_index *ix, ns_error *err)
{
    pthread_mutex_lock(&ix->mu);
    ns_tr_conn *c = ix->idle;
    if (c)
        ix->idle = c->next;
    pthread_mutex_unlock(&ix->mu);
    if (c)
        return c;
    if (!(c = calloc(1, sizeof *c))) {
        ns_fail(err, NS_ESYSTEM, "out of memory");
        return NULL;
    }
    int rc = ns_tr_connect(&c->db, ix->path, SQLITE_OPEN_READWRITE, err);
    if (rc == NS_EINPUT)
        rc = ns_tr_connect(&c->db, ix->path, SQLITE_OPEN_READONLY, err);
    if (!rc) {
        /* pages beyond SQLite's mmap limit (2 GB) are read by copying: a
         * page cache keeps the postings and recent texts of a long-running
         * caller (serve, a batch) in memory */
        sqlite3_exec(c->db, "PRAGMA cache_size=-65536", NULL, NULL, NULL);
        int r = sqlite3_prepare_v3(c->db, "SELECT data FROM fp WHERE bucket=?", -1, SQLITE_PREPARE_PERSISTENT,
                                   &c->bucket, NULL);
        if (r == SQLITE_OK)
            r = sqlite3_prepare_v3(c->db, NS_TR_READ_ARTICLE, -1, SQLITE_PREPARE_PERSISTENT, &c->article,
                                   NULL);
        if (r != SQLITE_OK)
            rc = ns_tr_sqlerr(err, c->db, r, ix->path, "reading the index");
    }
    if (rc) {
        conn_close(c);
        return NULL;
    }
    return c;
}

void ns_tr_return(ns_index *ix, ns_tr_conn *c)
{
    sqlite3_reset(c->bucket);
    sqlite3_reset(c->article);
    pthread_mutex_lock(&ix->mu);
    c->next = ix->idle;
    ix->idle = c;
    pthread_mutex_unlock(&ix->mu);
}

int ns_index_set_threads(ns_index *ix, int n)
{
    if (n < 1)
        return NS_EUSAGE;
    ix->threads = n > 64 ? 64 : n;
    return NS_OK;
}

int ns_index_set_batch(ns_index *ix, size_t articles)
{
    ix->batch = articles;
    return NS_OK;
}

int ns_index_load_outlets(ns_index *ix, const char *path, ns_error *err)
{
    ns_outlets *g;
    int rc = ns_outlets_load(&g, path, err);
    if (rc)
        return rc;
    ns_outlets_free(ix->outlets);
    ix->outlets = g;
    return NS_OK;
}

int ns_tr_set_max_pages(ns_index *ix, long long n, ns_error *err)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count=%lld", n);
    ix->max_pages = n;
    return ns_tr_exec(ix->db, sql, ix->path, err);
}

static long long meta_int(sqlite3 *db, const char *key)
{
    char sql[128];
    long long v = 0;
    ns_error e;
    snprintf(sql, sizeof sql, "SELECT value FROM meta WHERE key='%s'", key);
    if (query_int(db, sql, &v, "", &e))
        return 0;
    return v;
}

char *ns_index_stats_json(ns_index *ix, ns_error *err)
{
    long long pages, page_size, freelist;
    int rc;
    if ((rc = query_int(ix->db, "PRAGMA page_count", &pages, ix->path, err)) ||
        (rc = query_int(ix->db, "PRAGMA page_size", &page_size, ix->path, err)) ||
        (rc = query_int(ix->db, "PRAGMA freelist_count", &freelist, ix->path, err)))
        return NULL;
    long long articles = meta_int(ix->db, "articles"), stored = meta_int(ix->db, "stored_bytes");
    long long file = pages * page_size, used = (pages - freelist) * page_size;
    char wal[4200];
    struct stat st;
    snprintf(wal, sizeof wal, "%s-wal", ix->path);
    long long wal_bytes = stat(wal, &st) == 0 ? (long long)st.st_size : 0;
    ns_strbuf b = {0};
    sb_printf(&b,
              "{\"articles\": %lld, \"stored_bytes\": %lld, \"postings\": %lld, \"dropped_postings\": %lld, ",
              articles, stored, meta_int(ix->db, "postings"), meta_int(ix->db, "dropped_postings"));
    sb_printf(&b,
              "\"file_bytes\": %lld, \"free_bytes\": %lld, \"wal_bytes\": %lld, \"overhead_per_article\": ",
              file, file - used, wal_bytes);
    sb_json_num(&b, articles ? (double)(used - stored) / (double)articles : 0);
    sb_printf(&b, ", \"format\": %d, \"settings\": {", NS_TR_FORMAT);
    for (size_t i = 0; i < sizeof SETTINGS / sizeof *SETTINGS; i++)
        sb_printf(&b, "%s\"%s\": %lld", i ? ", " : "", SETTINGS[i].key, SETTINGS[i].value);
    sb_puts(&b, "}}");
    if (b.oom) {
        sb_free(&b);
        ns_fail(err, NS_ESYSTEM, "out of memory");
        return NULL;
    }
    return b.p;
}

/* Every blob decodes, every doc number is one an article could have, and
 * the counters agree with the tables. */
static int check_postings(ns_index *ix, ns_error *err)
{
    long long max_doc, articles;
    int rc;
    if ((rc = query_int(ix->db, "SELECT coalesce(max(doc), 0) FROM articles", &max_doc, ix->path, err)) ||
        (rc = query_int(ix->db, "SELECT count(*) FROM articles", &articles, ix->path, err)))
        return rc;
    long long lost;
    if ((rc = query_int(
             ix->db,
             "SELECT count(*) FROM articles WHERE host IS NOT NULL AND host NOT IN (SELECT host FROM hosts)",
             &lost, ix->path, err)))
        return rc;
    if (lost)
        return ns_fail(err, NS_EINPUT, "%s: the index is damaged: %lld articles name a url host it lacks",
                       ix->path, lost);
    if (articles != meta_int(ix->db, "articles"))
        return ns_fail(err, NS_EINPUT, "%s: the index is damaged: %lld articles, the counter says %lld",
                       ix->path, articles, meta_int(ix->db, "articles"));
    sqlite3_stmt *st;
    if ((rc = sqlite3_prepare_v2(ix->db, "SELECT bucket, data FROM fp", -1, &st, NULL)) != SQLITE_OK)
        return ns_tr_sqlerr(err, ix->db, rc, ix->path, "reading the index");
    long long postings = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long bucket = sqlite3_column_int64(st, 0);
        ns_tr_cursor c;
        ns_tr_cursor_init(&c, sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1));
        int64_t doc;
        int r;
        while ((r = ns_tr_group_next(&c)) == 1) {
            while ((r = ns_tr_doc_next(&c, &doc)) == 1) {
                if (doc < 1 || doc > max_doc) {
                    sqlite3_finalize(st);
                    return ns_fail(err, NS_EINPUT, "%s: the index is damaged: bucket %lld names article %lld",
                                   ix->path, bucket, (long long)doc);
                }
                postings++;
            }
            if (r < 0)
                break;
        }
        if (r < 0 || c.n == 0 || bucket < 0 || bucket >= (1 << NS_TR_BUCKET_BITS)) {
            sqlite3_finalize(st);
            return ns_fail(err, NS_EINPUT, "%s: the index is damaged: bucket %lld does not decode", ix->path,
                           bucket);
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return ns_tr_sqlerr(err, ix->db, rc, ix->path, "reading the index");
    if (postings != meta_int(ix->db, "postings"))
        return ns_fail(err, NS_EINPUT, "%s: the index is damaged: %lld postings, the counter says %lld",
                       ix->path, postings, meta_int(ix->db, "postings"));
    return NS_OK;
}

int ns_index_check(ns_index *ix, ns_error *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(ix->db, "PRAGMA integrity_check", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return ns_tr_sqlerr(err, ix->db, rc, ix->path, "checking the index");
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc = ns_tr_sqlerr(err, ix->db, rc, ix->path, "checking the index");
        sqlite3_finalize(st);
        return rc;
    }
    const char *first = (const char *)sqlite3_column_text(st, 0);
    if (!first || strcmp(first, "ok")) {
        rc = ns_fail(err, NS_EINPUT, "%s: integrity check failed: %s", ix->path, first ? first : "?");
        sqlite3_finalize(st);
        return rc;
    }
    sqlite3_finalize(st);
    return check_postings(ix, err);
}
