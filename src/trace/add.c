/* add.c — adding JSONL articles to the index.
 *
 * The input is cut into jobs of up to 256 lines; worker threads parse and
 * fingerprint them (the costly part: JSON, tokens, shingles), and the
 * calling thread, alone in touching SQLite, takes the jobs back in input
 * order and writes them.  So the index is the same for any thread count.
 *
 * Transactions: articles go into the table as they come, their postings
 * into memory; a batch ends with the postings appended to their buckets and
 * a COMMIT (synchronous=FULL: durable when it returns).  Postings land on
 * random buckets, so a batch rewrites most pages of the postings table
 * however few articles it holds; the batch therefore grows with the index
 * (at least 65,536 postings and half of those already stored, at most 256 MB
 * of text), which keeps the bytes written near three times the final size.
 * ns_index_set_batch fixes it instead.  A bad line ends the add: the batch
 * so far is committed first, so "every article before the bad line" holds. */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "trace/trace.h"
#include "util/grow.h"

enum { JOB_LINES = 256, JOB_BYTES = 4 << 20, MIN_BATCH_POSTINGS = 65536 };
#define MAX_BATCH_TEXT ((size_t)256 << 20)

typedef struct item {
    ns_tr_article a;
    uint64_t *keys;
    size_t n_keys;
    unsigned long line;
    int rc;
    ns_error err;
} item;

typedef struct job {
    size_t start, end; /* bytes of the input */
    unsigned long first_line;
    item *items;
    size_t n, cap;
    int state; /* EMPTY, READY (to parse), TAKEN, DONE */
    int oom;   /* the items could not grow: the job stopped early */
} job;

enum { EMPTY, READY, TAKEN, DONE };

typedef struct pipe {
    const char *data, *name;
    size_t len;
    size_t pos;         /* where the next job starts */
    unsigned long line; /* its first line */
    job *ring;
    size_t ring_n, filled, taken; /* jobs filled and taken so far */
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    int stop;
} pipe_t;

static void item_clear(item *it)
{
    ns_tr_article_clear(&it->a);
    free(it->keys);
    it->keys = NULL;
}

static void job_clear(job *j)
{
    for (size_t i = 0; i < j->n; i++)
        item_clear(&j->items[i]);
    j->n = 0;
}

/* Parses and fingerprints the lines of job j; stops after a bad one. */
static void job_run(const pipe_t *p, job *j, ns_tr_words *w)
{
    job_clear(j); /* the slot's last articles: freed here, off the writing thread */
    size_t pos = j->start;
    unsigned long line = j->first_line;
    while (pos < j->end) {
        const char *s = p->data + pos, *nl = memchr(s, '\n', j->end - pos);
        size_t n = nl ? (size_t)(nl - s) : j->end - pos;
        pos += n + (nl != NULL);
        if (line == 1 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) /* a byte-order mark */
            s += 3, n -= 3;
        if (n && s[n - 1] == '\r')
            n--;
        size_t k = 0;
        while (k < n && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k == n) { /* blank lines are skipped */
            line++;
            continue;
        }
        if (ns_grow((void **)&j->items, &j->cap, j->n + 1, sizeof *j->items) < 0) {
            j->oom = 1;
            return;
        }
        item *it = &j->items[j->n++];
        memset(it, 0, sizeof *it);
        it->line = line;
        it->rc = ns_tr_article_parse(&it->a, s, n, p->name, line, &it->err);
        if (!it->rc)
            it->rc = ns_tr_text_keys(it->a.text, it->a.text_len, w, &it->keys, &it->n_keys, &it->err);
        if (it->rc)
            return;
        line++;
    }
}

/* Sets the bounds of the next job into slot j; 0 when the input is done. */
static int job_fill(pipe_t *p, job *j)
{
    if (p->pos >= p->len)
        return 0;
    size_t pos = p->pos, lines = 0;
    while (pos < p->len && lines < JOB_LINES && pos - p->pos < JOB_BYTES) {
        const char *nl = memchr(p->data + pos, '\n', p->len - pos);
        pos = nl ? (size_t)(nl - p->data) + 1 : p->len;
        lines++;
    }
    j->start = p->pos, j->end = pos, j->first_line = p->line;
    j->oom = 0;
    j->state = READY;
    p->pos = pos, p->line += lines;
    return 1;
}

static void *worker(void *arg)
{
    pipe_t *p = arg;
    ns_tr_words w = {0};
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->taken == p->filled)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->stop)
            break;
        job *j = &p->ring[p->taken++ % p->ring_n];
        j->state = TAKEN;
        pthread_mutex_unlock(&p->mu);
        job_run(p, j, &w);
        pthread_mutex_lock(&p->mu);
        j->state = DONE;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    ns_tr_words_free(&w);
    return NULL;
}

/* ------------------------------------------------------------ the writer */

/* An open-addressing set of id hashes, with the line each came from.  Two
 * ids are taken as equal when their 64-bit hashes are: at a million ids the
 * chance of a false "seen twice" is below 1e-7. */
typedef struct idset {
    uint64_t *h;
    unsigned long *line;
    size_t n, cap;
} idset;

static int idset_add(idset *s, uint64_t h, unsigned long line, unsigned long *seen)
{
    if (h == 0)
        h = 1; /* 0 marks an empty slot */
    if (2 * (s->n + 1) > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        uint64_t *nh = calloc(cap, sizeof *nh);
        unsigned long *nl = calloc(cap, sizeof *nl);
        if (!nh || !nl) {
            free(nh), free(nl);
            return -1;
        }
        for (size_t i = 0; i < s->cap; i++)
            if (s->h[i]) {
                size_t k = s->h[i] & (cap - 1);
                while (nh[k])
                    k = (k + 1) & (cap - 1);
                nh[k] = s->h[i], nl[k] = s->line[i];
            }
        free(s->h), free(s->line);
        s->h = nh, s->line = nl, s->cap = cap;
    }
    size_t k = h & (s->cap - 1);
    for (; s->h[k]; k = (k + 1) & (s->cap - 1))
        if (s->h[k] == h) {
            *seen = s->line[k];
            return 1;
        }
    s->h[k] = h, s->line[k] = line, s->n++;
    return 0;
}

typedef struct writer {
    ns_index *ix;
    const char *name;
    sqlite3_stmt *find, *del, *ins, *meta, *host_get, *host_put;
    char host_prefix[256]; /* the last url host looked up in this transaction */
    int64_t host_id;       /* and its hosts row (0: none cached) */
    ns_tr_posting *post;
    size_t n_post, cap_post;
    int in_tx;
    size_t batch_articles, batch_text;
    long long d_articles, d_stored, d_postings, d_dropped; /* the batch's changes to the counters */
    size_t committed;                                      /* articles committed by this add */
    long long postings;                                    /* postings in the index before the batch */
    int was_empty; /* no article before this add: nothing to replace */
    ns_tr_words w; /* for the keys of replaced articles */
} writer;

static int wr_err(writer *wr, int rc, ns_error *err)
{
    return ns_tr_sqlerr(err, wr->ix->db, rc, wr->ix->path, "adding articles");
}

static int wr_prepare(writer *wr, ns_error *err)
{
    sqlite3 *db = wr->ix->db;
    int rc = sqlite3_prepare_v2(
        db,
        "SELECT doc, text, length(CAST(id AS BLOB)) + ifnull(length(CAST(url AS BLOB)), 0)"
        " + ifnull((SELECT length(CAST(prefix AS BLOB)) FROM hosts h WHERE h.host = a.host), 0)"
        " + ifnull(length(CAST(title AS BLOB)), 0)"
        " + CASE typeof(date) WHEN 'integer' THEN 10 ELSE ifnull(length(CAST(date AS BLOB)), 0) END"
        " + ifnull(length(CAST(outlet AS BLOB)), 0) + length(CAST(text AS BLOB))"
        " FROM articles a WHERE id=?",
        -1, &wr->find, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "DELETE FROM articles WHERE doc=?", -1, &wr->del, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(
            db, "INSERT INTO articles(id, host, url, title, date, outlet, text) VALUES(?,?,?,?,?,?,?)", -1,
            &wr->ins, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "SELECT host FROM hosts WHERE prefix=?", -1, &wr->host_get, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "INSERT INTO hosts(prefix) VALUES(?)", -1, &wr->host_put, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "UPDATE meta SET value = value + ?2 WHERE key = ?1", -1, &wr->meta, NULL);
    if (rc != SQLITE_OK)
        return wr_err(wr, rc, err);
    sqlite3_stmt *st;
    rc = sqlite3_prepare_v2(db, "SELECT NOT EXISTS (SELECT 1 FROM articles)", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        wr->was_empty = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? NS_OK : wr_err(wr, rc, err);
}

static int wr_begin(writer *wr, ns_error *err)
{
    if (wr->in_tx)
        return NS_OK;
    int rc = ns_tr_exec(wr->ix->db, "BEGIN IMMEDIATE", wr->ix->path, err);
    if (rc)
        return rc;
    wr->in_tx = 1;
    wr->batch_articles = wr->batch_text = 0;
    wr->host_id = 0; /* a row of a rolled back transaction is gone */
    wr->d_articles = wr->d_stored = wr->d_postings = wr->d_dropped = 0;
    wr->n_post = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(wr->ix->db, "SELECT value FROM meta WHERE key='postings'", -1, &st, NULL) ==
        SQLITE_OK) {
        wr->postings = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_finalize(st);
    }
    return NS_OK;
}

static void wr_rollback(writer *wr)
{
    if (wr->in_tx)
        sqlite3_exec(wr->ix->db, "ROLLBACK", NULL, NULL, NULL);
    wr->in_tx = 0;
    wr->n_post = 0;
}

static int meta_add(writer *wr, const char *key, long long v, ns_error *err)
{
    if (!v)
        return NS_OK;
    sqlite3_bind_text(wr->meta, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(wr->meta, 2, v);
    int rc = sqlite3_step(wr->meta);
    sqlite3_reset(wr->meta);
    return rc == SQLITE_DONE ? NS_OK : wr_err(wr, rc, err);
}

/* Appends the batch's postings, updates the counters and commits. */
static int wr_commit(writer *wr, ns_error *err)
{
    if (!wr->in_tx)
        return NS_OK;
    size_t dropped = 0;
    int rc = ns_tr_postings_flush(wr->ix->db, wr->ix->path, wr->post, wr->n_post, &dropped, err);
    if (!rc) {
        wr->d_postings += (long long)(wr->n_post - dropped);
        wr->d_dropped += (long long)dropped;
    }
    if (!rc)
        rc = meta_add(wr, "articles", wr->d_articles, err);
    if (!rc)
        rc = meta_add(wr, "stored_bytes", wr->d_stored, err);
    if (!rc)
        rc = meta_add(wr, "postings", wr->d_postings, err);
    if (!rc)
        rc = meta_add(wr, "dropped_postings", wr->d_dropped, err);
    if (!rc) {
        int r = sqlite3_exec(wr->ix->db, "COMMIT", NULL, NULL, NULL);
        if (r != SQLITE_OK)
            rc = wr_err(wr, r, err);
    }
    if (rc) {
        wr_rollback(wr);
        return rc;
    }
    wr->in_tx = 0;
    wr->committed += wr->batch_articles;
    wr->n_post = 0;
    return NS_OK;
}

/* Removes the article with this id, if any, with its postings. */
static int wr_replace(writer *wr, const ns_tr_article *a, ns_error *err)
{
    sqlite3_bind_text(wr->find, 1, a->id, (int)a->id_len, SQLITE_STATIC);
    int r = sqlite3_step(wr->find);
    if (r == SQLITE_DONE) {
        sqlite3_reset(wr->find);
        return NS_OK;
    }
    if (r != SQLITE_ROW) {
        sqlite3_reset(wr->find);
        return wr_err(wr, r, err);
    }
    int64_t doc = sqlite3_column_int64(wr->find, 0);
    const char *text = (const char *)sqlite3_column_text(wr->find, 1);
    size_t len = (size_t)sqlite3_column_bytes(wr->find, 1);
    long long bytes = sqlite3_column_int64(wr->find, 2);
    uint64_t *keys = NULL;
    size_t n = 0, removed = 0;
    int rc = ns_tr_text_keys(text ? text : "", len, &wr->w, &keys, &n, err);
    sqlite3_reset(wr->find);
    if (!rc)
        rc = ns_tr_postings_remove(wr->ix->db, wr->ix->path, keys, n, doc, &removed, err);
    free(keys);
    if (rc)
        return rc;
    sqlite3_bind_int64(wr->del, 1, doc);
    r = sqlite3_step(wr->del);
    sqlite3_reset(wr->del);
    if (r != SQLITE_DONE)
        return wr_err(wr, r, err);
    wr->d_articles--;
    wr->d_stored -= bytes;
    wr->d_postings -= (long long)removed;
    return NS_OK;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s, size_t n)
{
    if (s)
        sqlite3_bind_text(st, i, s, (int)n, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* The length of url's "scheme://host/" (the host's prefix), 0 when it has
 * none worth a hosts row. */
static size_t host_prefix_len(const char *url, size_t len)
{
    size_t i = 0;
    while (i < len && i < 16 && url[i] != ':' && url[i] != '/')
        i++;
    if (i == 0 || i + 3 > len || memcmp(url + i, "://", 3))
        return 0;
    const char *slash = memchr(url + i + 3, '/', len - i - 3);
    size_t n = slash ? (size_t)(slash - url) + 1 : len;
    return n > i + 3 && n < sizeof((writer *)0)->host_prefix ? n : 0;
}

/* The hosts row of prefix[0..n), added when new. */
static int host_row(writer *wr, const char *prefix, size_t n, int64_t *host, ns_error *err)
{
    if (wr->host_id && strlen(wr->host_prefix) == n && !memcmp(wr->host_prefix, prefix, n)) {
        *host = wr->host_id;
        return NS_OK;
    }
    sqlite3_bind_text(wr->host_get, 1, prefix, (int)n, SQLITE_STATIC);
    int r = sqlite3_step(wr->host_get);
    if (r == SQLITE_ROW)
        *host = sqlite3_column_int64(wr->host_get, 0);
    sqlite3_reset(wr->host_get);
    if (r == SQLITE_DONE) {
        sqlite3_bind_text(wr->host_put, 1, prefix, (int)n, SQLITE_STATIC);
        r = sqlite3_step(wr->host_put);
        sqlite3_reset(wr->host_put);
        *host = sqlite3_last_insert_rowid(wr->ix->db);
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return wr_err(wr, r, err);
    memcpy(wr->host_prefix, prefix, n);
    wr->host_prefix[n] = 0;
    wr->host_id = *host;
    return NS_OK;
}

/* A date YYYY-MM-DD as the integer YYYYMMDD (4 bytes instead of 10); -1
 * for any other form, stored as given. */
static long date_int(const char *d, size_t n)
{
    static const char form[] = "dddd-dd-dd";
    if (!d || n != sizeof form - 1)
        return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (form[i] == '-') {
            if (d[i] != '-')
                return -1;
        } else if (d[i] < '0' || d[i] > '9') {
            return -1;
        } else {
            v = v * 10 + (d[i] - '0');
        }
    }
    return v >= 10000101 ? v : -1; /* "0000-..." would not print back the same */
}

static int wr_article(writer *wr, item *it, ns_error *err)
{
    int rc = wr_begin(wr, err);
    if (!rc && !wr->was_empty)
        rc = wr_replace(wr, &it->a, err);
    if (rc)
        return rc;
    const ns_tr_article *a = &it->a;
    sqlite3_bind_text(wr->ins, 1, a->id, (int)a->id_len, SQLITE_STATIC);
    size_t hp = a->url ? host_prefix_len(a->url, a->url_len) : 0;
    int64_t host = 0;
    if (hp && (rc = host_row(wr, a->url, hp, &host, err)))
        return rc;
    if (hp)
        sqlite3_bind_int64(wr->ins, 2, host);
    else
        sqlite3_bind_null(wr->ins, 2);
    bind_opt(wr->ins, 3, a->url ? a->url + hp : NULL, a->url_len - hp);
    bind_opt(wr->ins, 4, a->title, a->title_len);
    long date = date_int(a->date, a->date_len);
    if (date >= 0)
        sqlite3_bind_int64(wr->ins, 5, date);
    else
        bind_opt(wr->ins, 5, a->date, a->date_len);
    bind_opt(wr->ins, 6, a->outlet, a->outlet_len);
    sqlite3_bind_text(wr->ins, 7, a->text, (int)a->text_len, SQLITE_STATIC);
    int r = sqlite3_step(wr->ins);
    sqlite3_reset(wr->ins);
    if (r == SQLITE_CONSTRAINT_UNIQUE && wr->was_empty) {
        /* another process added this id since the index looked empty */
        wr->was_empty = 0;
        if ((rc = wr_replace(wr, a, err)))
            return rc;
        r = sqlite3_step(wr->ins);
        sqlite3_reset(wr->ins);
    }
    if (r != SQLITE_DONE)
        return wr_err(wr, r, err);
    int64_t doc = sqlite3_last_insert_rowid(wr->ix->db);
    if (ns_grow((void **)&wr->post, &wr->cap_post, wr->n_post + it->n_keys, sizeof *wr->post) < 0)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    for (size_t i = 0; i < it->n_keys; i++)
        wr->post[wr->n_post++] = (ns_tr_posting){ns_tr_bucket(it->keys[i]), ns_tr_check(it->keys[i]), doc};
    wr->d_articles++;
    wr->d_stored += (long long)ns_tr_article_bytes(a);
    wr->batch_articles++;
    wr->batch_text += a->text_len;
    return NS_OK;
}

static int batch_full(const writer *wr)
{
    if (wr->ix->batch)
        return wr->batch_articles >= wr->ix->batch;
    size_t want = (size_t)(wr->postings / 2);
    return wr->n_post >= (want > MIN_BATCH_POSTINGS ? want : MIN_BATCH_POSTINGS) ||
           wr->batch_text >= MAX_BATCH_TEXT;
}

/* Writes one job's articles; a bad line commits what came before it. */
static int wr_job(writer *wr, job *j, idset *ids, ns_error *err)
{
    for (size_t i = 0; i < j->n; i++) {
        item *it = &j->items[i];
        int rc = it->rc;
        if (rc) {
            *err = it->err;
        } else {
            unsigned long seen;
            int dup = idset_add(ids, XXH3_64bits(it->a.id, it->a.id_len), it->line, &seen);
            if (dup < 0)
                rc = ns_fail(err, NS_ESYSTEM, "out of memory");
            else if (dup)
                rc = ns_fail(err, NS_EINPUT, "%s:%lu: id \"%.100s\" was already given at line %lu", wr->name,
                             it->line, it->a.id, seen);
        }
        if (rc) {
            if (rc == NS_EINPUT) { /* keep every article before the bad line */
                ns_error cerr = {0};
                if (wr_commit(wr, &cerr))
                    *err = cerr, rc = cerr.code;
            }
            return rc;
        }
        if ((rc = wr_article(wr, it, err)))
            return rc;
        if (batch_full(wr) && (rc = wr_commit(wr, err)))
            return rc;
    }
    return NS_OK;
}

int ns_index_add_jsonl(ns_index *ix, const char *data, size_t len, const char *name, ns_progress_fn progress,
                       void *arg, size_t *added, ns_error *err)
{
    if (added)
        *added = 0;
    if (!name)
        name = "articles";
    ix->wrote = 1;
    pipe_t p = {.data = data, .name = name, .len = len, .line = 1};
    writer wr = {.ix = ix, .name = name};
    idset ids = {0};
    int nthreads = ix->threads > 1 ? ix->threads : 0, started = 0;
    pthread_t tid[64];
    p.ring_n = nthreads ? 4 * (size_t)nthreads : 1;
    p.ring = calloc(p.ring_n, sizeof *p.ring);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.work, NULL);
    pthread_cond_init(&p.done, NULL);
    int rc = p.ring ? wr_prepare(&wr, err) : ns_fail(err, NS_ESYSTEM, "out of memory");
    for (int t = 0; !rc && t < nthreads; t++, started++)
        if (pthread_create(&tid[t], NULL, worker, &p) != 0)
            break;
    if (!rc && nthreads && !started)
        nthreads = 0; /* no thread could start: do the work here */
    size_t articles_seen = 0;
    for (size_t next = 0; !rc; next++) {
        pthread_mutex_lock(&p.mu);
        while (p.filled < next + p.ring_n && job_fill(&p, &p.ring[p.filled % p.ring_n]))
            p.filled++;
        if (next == p.filled) {
            pthread_mutex_unlock(&p.mu);
            break;
        }
        job *j = &p.ring[next % p.ring_n];
        if (nthreads) {
            pthread_cond_broadcast(&p.work);
            while (j->state != DONE)
                pthread_cond_wait(&p.done, &p.mu);
            pthread_mutex_unlock(&p.mu);
        } else {
            pthread_mutex_unlock(&p.mu);
            p.taken++;
            job_run(&p, j, &wr.w);
        }
        articles_seen += j->n;
        rc = wr_job(&wr, j, &ids, err);
        if (!rc && j->oom)
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
        j->state = EMPTY;
        if (!rc && progress)
            progress(arg, j->end, len);
    }
    if (!rc && !articles_seen)
        rc = ns_fail(err, NS_EINPUT, "%s: no articles (the input is empty)", name);
    if (!rc)
        rc = wr_commit(&wr, err);
    if (rc)
        wr_rollback(&wr);
    pthread_mutex_lock(&p.mu);
    p.stop = 1;
    pthread_cond_broadcast(&p.work);
    pthread_mutex_unlock(&p.mu);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    for (size_t i = 0; p.ring && i < p.ring_n; i++) {
        job_clear(&p.ring[i]);
        free(p.ring[i].items);
    }
    free(p.ring);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.work);
    pthread_cond_destroy(&p.done);
    sqlite3_finalize(wr.find);
    sqlite3_finalize(wr.del);
    sqlite3_finalize(wr.ins);
    sqlite3_finalize(wr.meta);
    sqlite3_finalize(wr.host_get);
    sqlite3_finalize(wr.host_put);
    free(wr.post);
    free(ids.h), free(ids.line);
    ns_tr_words_free(&wr.w);
    if (added)
        *added = wr.committed;
    return rc;
}
