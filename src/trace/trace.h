/* trace.h — what the files of src/trace share (not part of the API).
 *
 * The pipeline: articles (article.c) are fingerprinted (fingerprint.c) and
 * stored with their postings in the index (index.c, add.c, postings.c); a
 * page's body is fingerprinted the same way, its candidates counted from the
 * postings (query.c), each candidate aligned sentence by sentence with the
 * page (align.c), the copies the page attributes found (attribution.c), and
 * the result written as JSON or text (trace_json.c, trace_text.c).
 * docs/trace.md specifies the fingerprints and the file format. */
#ifndef NS_TRACE_TRACE_H
#define NS_TRACE_TRACE_H

#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>

#include "analyze/sourcing.h"
#include "newssift.h"

/* ------------------------------------------------------------- settings */

#define NS_TR_FORMAT 2             /* PRAGMA user_version of the file        */
#define NS_TR_APP_ID 0x6E737472    /* PRAGMA application_id: "nstr"          */
#define NS_TR_SHINGLE 4            /* words a shingle                        */
#define NS_TR_KEYS 32              /* keys an article keeps (bottom-k)       */
#define NS_TR_MAX_RATE_LOG2 1      /* never more than 1 shingle in 2 a key   */
#define NS_TR_BUCKET_BITS 20       /* posting buckets: 2^20 rows at most     */
#define NS_TR_SEED 0x7472616365ull /* "trace": seed of the shingle hash      */
#define NS_TR_MAX_TEXT (8u << 20)  /* an article's text, bytes               */
#define NS_TR_STOP 1000            /* a key on more articles is boilerplate  */
#define NS_TR_BUCKET_CAP 65536     /* a bucket's blob stops growing here     */
#define NS_TR_PAGE_SIZE 65536      /* large pages: little waste around texts */

/* ------------------------------------------------------------ fingerprints */

/* The words of a text: XXH3-64 of each word's normalised form (tokens of
 * kind WORD or NUMBER of ns_tokenize) and its span, offset by base. */
typedef struct ns_tr_words {
    uint64_t *h;
    ns_span *span;
    size_t n, cap;
    ns_tokens tok; /* scratch */
} ns_tr_words;

/* Appends the words of text[0..len) (spans shifted by base). */
int ns_tr_words_add(ns_tr_words *w, const char *text, size_t len, uint32_t base, ns_error *err);
void ns_tr_words_free(ns_tr_words *w);

/* Shingle hashes of words h[0..n): one per run of NS_TR_SHINGLE words (one
 * for the whole text when it is shorter, none when it has no word).  *out is
 * grown as needed (*cap its capacity); returns the count or -1 (OOM). */
long ns_tr_shingles(const uint64_t *h, size_t n, uint64_t **out, size_t *cap);

/* The expected NS_TR_KEYS-th smallest top-32-bit value of n shingles,
 * capped at NS_TR_QUERY_THRESHOLD (ns_tr_bottom_k sorts only below twice
 * this). */
uint64_t ns_tr_threshold(size_t n_shingles);
/* An article's keys: its NS_TR_KEYS smallest unique shingles (bottom-k)
 * whose top 32 bits are below NS_TR_QUERY_THRESHOLD, sorted, written over
 * sh[0..n) (which they permute).  Returns the count. */
size_t ns_tr_bottom_k(uint64_t *sh, size_t n);
/* The threshold of a page: the highest any article uses. */
#define NS_TR_QUERY_THRESHOLD (1ull << (32 - NS_TR_MAX_RATE_LOG2))

/* Sorts and removes duplicates; returns the new count. */
size_t ns_tr_unique(uint64_t *v, size_t n);
/* The keys (sampled shingles, unique, sorted) of shingles sh[0..n) with
 * threshold thr, written over sh.  Returns the count. */
size_t ns_tr_select(uint64_t *sh, size_t n, uint64_t thr);

static inline uint32_t ns_tr_bucket(uint64_t key)
{
    return (uint32_t)(key & ((1u << NS_TR_BUCKET_BITS) - 1));
}
/* The key's next 16 bits: what tells it from the other keys of its bucket. */
static inline uint16_t ns_tr_check(uint64_t key)
{
    return (uint16_t)(key >> NS_TR_BUCKET_BITS);
}

/* A bucket's blob (bucket_blob.c): one group per key, in ascending check
 * order, each the key's check and its articles' doc numbers, ascending and
 * delta coded.  A cursor walks the groups and, within one, the docs. */
typedef struct ns_tr_cursor {
    const unsigned char *b;
    size_t n, pos;
    int32_t check; /* of the current group; -1 before the first */
    uint32_t left; /* docs of the group not yet read */
    int first;
    int64_t doc;
} ns_tr_cursor;
void ns_tr_cursor_init(ns_tr_cursor *c, const unsigned char *b, size_t n);
/* Moves to the next group (skipping what is left of this one): 1, with
 * c->check and c->left set; 0 at the end; -1 on a damaged blob. */
int ns_tr_group_next(ns_tr_cursor *c);
/* The next doc of the current group: 1; 0 after its last; -1 damaged. */
int ns_tr_doc_next(ns_tr_cursor *c, int64_t *doc);
/* Encodes a group of n >= 1 ascending, distinct docs (>= 1) into out (at
 * least NS_TR_GROUP_MAX(n) bytes); returns its length. */
size_t ns_tr_group_put(unsigned char *out, uint16_t check, const int64_t *docs, size_t n);
#define NS_TR_GROUP_MAX(n) (2 + 10 + 10 * (size_t)(n))

/* ---------------------------------------------------------------- articles */

typedef struct ns_tr_article {
    json_t *root; /* owns the strings below */
    const char *id, *url, *title, *date, *outlet, *text;
    size_t id_len, url_len, title_len, date_len, outlet_len, text_len;
    char id_buf[24]; /* an integer id as text */
} ns_tr_article;

/* Parses one JSONL line (without its newline).  Errors are NS_EINPUT
 * "NAME:LINE: ..." (NS_ESYSTEM when out of memory); a is then cleared. */
int ns_tr_article_parse(ns_tr_article *a, const char *line, size_t len, const char *name,
                        unsigned long lineno, ns_error *err);
void ns_tr_article_clear(ns_tr_article *a);
/* Bytes of the stored fields: id, url, title, date, outlet and text. */
size_t ns_tr_article_bytes(const ns_tr_article *a);

/* ------------------------------------------------------------------ index */

/* An article's id, url (its host's prefix and the rest), title, outlet and
 * text by its doc number. */
#define NS_TR_READ_ARTICLE                                                                                   \
    "SELECT a.id, CASE WHEN a.host IS NULL THEN a.url ELSE h.prefix || a.url END, a.title, a.outlet, a.text" \
    " FROM articles a LEFT JOIN hosts h ON h.host = a.host WHERE a.doc=?"

/* A read connection and its statements, borrowed by one query at a time. */
typedef struct ns_tr_conn {
    sqlite3 *db;
    sqlite3_stmt *bucket;  /* SELECT data FROM fp WHERE bucket=?  */
    sqlite3_stmt *article; /* NS_TR_READ_ARTICLE */
    struct ns_tr_conn *next;
} ns_tr_conn;

struct ns_index {
    char *path;
    sqlite3 *db; /* the writing connection (adds, stats, check) */
    pthread_mutex_t mu;
    ns_tr_conn *idle; /* read connections not in use */
    int threads;
    size_t batch;
    ns_outlets *outlets;
    long long max_pages; /* test hook: PRAGMA max_page_count, 0 = off */
    int wrote;           /* an add ran: fold the WAL back in on close */
};

/* SQLite's error on db as an ns_error: SQLITE_FULL is a full disk,
 * SQLITE_IOERR a failed read or write (NS_ESYSTEM), SQLITE_NOTADB and
 * SQLITE_CORRUPT a damaged file (NS_EINPUT).  what says what was done. */
int ns_tr_sqlerr(ns_error *err, sqlite3 *db, int rc, const char *path, const char *what);
/* Runs SQL without results on db. */
int ns_tr_exec(sqlite3 *db, const char *sql, const char *path, ns_error *err);
/* Opens a connection with the pragmas every connection uses. */
int ns_tr_connect(sqlite3 **out, const char *path, int flags, ns_error *err);

ns_tr_conn *ns_tr_borrow(ns_index *ix, ns_error *err);
void ns_tr_return(ns_index *ix, ns_tr_conn *c);

/* Test hook: caps the file at n pages (PRAGMA max_page_count), so a test
 * can fill the "disk" and see SQLITE_FULL handled. */
int ns_tr_set_max_pages(ns_index *ix, long long n, ns_error *err);

/* Postings (postings.c), on the writing connection inside a transaction. */
typedef struct ns_tr_posting {
    uint32_t bucket;
    uint16_t check;
    int64_t doc;
} ns_tr_posting;
/* Appends postings p[0..n) (sorted here) to their buckets.  *dropped counts
 * the postings not stored because their bucket was full. */
int ns_tr_postings_flush(sqlite3 *db, const char *path, ns_tr_posting *p, size_t n, size_t *dropped,
                         ns_error *err);
/* Removes the postings of article doc under keys[0..n). */
int ns_tr_postings_remove(sqlite3 *db, const char *path, const uint64_t *keys, size_t n, int64_t doc,
                          size_t *removed, ns_error *err);
/* The keys of a text (its sampled shingles); *keys malloc'd. */
int ns_tr_text_keys(const char *text, size_t len, ns_tr_words *w, uint64_t **keys, size_t *n, ns_error *err);

/* ------------------------------------------------------------------ trace */

enum { NS_TR_EXACT, NS_TR_NEAR, NS_TR_QUOTED };

typedef struct ns_tr_copy {
    ns_span span;        /* in the page */
    ns_span source_span; /* in the source's text */
    int kind;            /* NS_TR_EXACT / NEAR / QUOTED */
    int near;            /* the words differ (also for QUOTED) */
    ns_span *changes;    /* page words not in the source */
    size_t n_changes;
} ns_tr_copy;

typedef struct ns_tr_source {
    char *id, *url, *title, *outlet;
    double copied_share, containment_page, containment_source;
    double source_share; /* of the source's text the copies cover (aligned) */
    int attributed;
    size_t copied_bytes;
    ns_tr_copy *copied;
    size_t n_copied;
} ns_tr_source;

struct ns_trace {
    ns_tr_source *src;
    size_t n;
    ns_span *added; /* body sentences found in none of the sources */
    size_t n_added;
    size_t body_bytes;
};

/* -------------------------------------------------------------- alignment */

/* A sentence (or a piece of a long one) of a text and its words. */
typedef struct ns_tr_unit {
    ns_span span;
    uint32_t w0, w1; /* words [w0, w1) */
    uint32_t para;   /* paragraph index (page) */
} ns_tr_unit;

typedef struct ns_tr_text {
    const char *text;
    ns_tr_words w;
    ns_tr_unit *u;
    size_t n_units, cap_units;
    /* the pairs of consecutive words inside its units, by hash (chains of
     * positions), when ns_tr_text_pairs made them: ns_tr_align then skips
     * the units sharing no pair with a source without looking at them */
    uint64_t *pair_h;
    int32_t *pair_head, *pair_next;
    uint32_t *pair_unit; /* the unit of the pair at a position */
    size_t pair_mask;
} ns_tr_text;

/* Splits paragraphs paras[0..np) of text into units with their words. */
int ns_tr_text_build(ns_tr_text *t, const char *text, const ns_span *paras, size_t np, ns_error *err);
void ns_tr_text_free(ns_tr_text *t);
/* Indexes the word pairs of t (a page aligned with several sources). */
int ns_tr_text_pairs(ns_tr_text *t, ns_error *err);

/* How one page unit matched a source. */
typedef struct ns_tr_match {
    int copied; /* 0: not found in the source */
    int exact;
    ns_span source_span;
    uint32_t src_w0, src_w1; /* the source words from the first matched to the last */
    uint32_t matched;        /* words matched */
    ns_span *changes;
    size_t n_changes;
} ns_tr_match;

/* Aligns every unit of page with source; m[0..page->n_units) is filled
 * (free the changes with ns_tr_matches_free). */
int ns_tr_align(const ns_tr_text *page, const ns_tr_text *source, ns_tr_match *m, ns_error *err);
void ns_tr_matches_free(ns_tr_match *m, size_t n);

/* Which copied units the page attributes to a source (attribution.c).
 * ns_tr_cited_find collects, once a page, the outlets its body cites with
 * a reporting cue (NULL gazetteer: none).  ns_tr_attribute sets quoted[i]
 * for each unit i copied (m[i].copied) whose paragraph names the source
 * (by its url's host or its outlet field), or that lies in the run of
 * copied paragraphs after one naming it and ending in ':'. */
typedef struct ns_tr_cited ns_tr_cited;
int ns_tr_cited_find(const ns_outlets *g, const ns_page *page, ns_tr_cited **out, ns_error *err);
void ns_tr_cited_free(ns_tr_cited *c);
void ns_tr_attribute(const ns_tr_cited *c, const ns_page *page, const ns_tr_text *pt, const char *url,
                     const char *outlet, const ns_tr_match *m, unsigned char *quoted);

/* The sources array of the JSON form, for the report writer. */
struct ns_strbuf;
void ns_tr_json_sources(struct ns_strbuf *b, const ns_trace *t);

/* The trace of a page against the index with a given gazetteer (the
 * analyzer passes its own). */
int ns_tr_trace(ns_index *ix, const ns_outlets *g, const ns_page *page, int top_k, ns_trace **out,
                ns_error *err);

#endif
