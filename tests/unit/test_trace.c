/* test_trace.c — provenance: fingerprints, the article reader, the index
 * file (creation, refusal of what is not one, replacement, a full disk),
 * alignment, attribution and the trace of the example page.
 *
 * Fixtures: tests/data/trace/reference-sample.jsonl (30 articles of
 * ../shared's reference corpus and the Telegraph passages the example page
 * quotes) and examples/syria-page.txt, under NS_TEST_ROOT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "trace/trace.h"
#include "repo_files.h"

/* ------------------------------------------------------------- helpers */

static char tmpdir[256];

static int setup_tmp(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_trace.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmp(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The path of name in the test's folder. */
static char *tmp_name(const char *name)
{
    static char buf[4][512];
    static int k;
    char *p = buf[k++ & 3];
    snprintf(p, 512, "%s/%s", tmpdir, name);
    return p;
}

/* The same, with any earlier file of that name removed. */
static char *tmp_path(const char *name)
{
    char *p = tmp_name(name);
    unlink(p);
    char side[600];
    snprintf(side, sizeof side, "%s-wal", p);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", p);
    unlink(side);
    return p;
}

static long long count_articles(ns_index *ix)
{
    ns_error err = {0};
    char *s = ns_index_stats_json(ix, &err);
    assert_non_null(s);
    json_t *j = json_loads(s, 0, NULL);
    free(s);
    assert_non_null(j);
    long long n = json_integer_value(json_object_get(j, "articles"));
    json_decref(j);
    return n;
}

/* An index of the fixture articles. */
static ns_index *fixture_index(const char *name)
{
    ns_index *ix = NULL;
    ns_error err = {0};
    size_t len, added = 0;
    char *data = read_all(path_of("tests/data/trace/reference-sample.jsonl"), &len);
    assert_int_equal(ns_index_open(&ix, tmp_path(name), 1, &err), NS_OK);
    if (ns_index_add_jsonl(ix, data, len, "sample.jsonl", NULL, NULL, &added, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(added, 31);
    free(data);
    return ix;
}

/* ------------------------------------------------------------ fingerprints */

static void test_fingerprints(void **state)
{
    (void)state;
    ns_tr_words w = {0};
    ns_error err = {0};
    const char *t = "The quick brown fox, jumps over the lazy dog!";
    assert_int_equal(ns_tr_words_add(&w, t, strlen(t), 100, &err), NS_OK);
    assert_int_equal(w.n, 9); /* punctuation is not a word */
    assert_int_equal(w.span[0].start, 100);
    assert_int_equal(w.span[3].end, 100 + 19);
    uint64_t *sh = NULL;
    size_t cap = 0;
    assert_int_equal(ns_tr_shingles(w.h, w.n, &sh, &cap), 6);
    /* case and punctuation do not change a shingle */
    ns_tr_words w2 = {0};
    const char *t2 = "the QUICK brown fox jumps";
    assert_int_equal(ns_tr_words_add(&w2, t2, strlen(t2), 0, &err), NS_OK);
    uint64_t *sh2 = NULL;
    size_t cap2 = 0;
    assert_int_equal(ns_tr_shingles(w2.h, w2.n, &sh2, &cap2), 2);
    assert_true(sh2[0] == sh[0] && sh2[1] == sh[1]);
    /* shorter than a shingle: one; nothing: none */
    assert_int_equal(ns_tr_shingles(w2.h, 2, &sh2, &cap2), 1);
    assert_int_equal(ns_tr_shingles(w2.h, 0, &sh2, &cap2), 0);
    /* bottom-k: at most NS_TR_KEYS, sorted, each under the query threshold */
    size_t len;
    char *big = read_all(path_of("examples/syria-page.txt"), &len);
    uint64_t *keys;
    size_t nk;
    assert_int_equal(ns_tr_text_keys(big, len, &w, &keys, &nk, &err), NS_OK);
    assert_int_equal(nk, NS_TR_KEYS);
    for (size_t i = 0; i < nk; i++) {
        assert_true((keys[i] >> 32) < NS_TR_QUERY_THRESHOLD);
        if (i)
            assert_true(keys[i - 1] < keys[i]);
    }
    /* the same keys from the same text, whatever came before */
    uint64_t *keys2;
    size_t nk2;
    assert_int_equal(ns_tr_text_keys(big, len, &w, &keys2, &nk2, &err), NS_OK);
    assert_int_equal(nk2, nk);
    assert_memory_equal(keys, keys2, nk * sizeof *keys);
    free(keys), free(keys2), free(big), free(sh), free(sh2);
    ns_tr_words_free(&w);
    ns_tr_words_free(&w2);
}

static void test_entries(void **state)
{
    (void)state;
    unsigned char buf[256];
    size_t n = 0;
    int64_t one[] = {300000}, many[] = {1, 127, 128, 300000, (int64_t)1 << 40};
    n += ns_tr_group_put(buf + n, 7, one, 1);
    assert_int_equal(n, 5); /* a key on one article: 2 + 3 bytes */
    n += ns_tr_group_put(buf + n, 1007, many, 5);
    ns_tr_cursor c;
    ns_tr_cursor_init(&c, buf, n);
    int64_t doc;
    assert_int_equal(ns_tr_group_next(&c), 1);
    assert_int_equal(c.check, 7);
    assert_int_equal(c.left, 1);
    assert_int_equal(ns_tr_doc_next(&c, &doc), 1);
    assert_int_equal(doc, 300000);
    assert_int_equal(ns_tr_doc_next(&c, &doc), 0);
    assert_int_equal(ns_tr_group_next(&c), 1);
    assert_int_equal(c.check, 1007);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(ns_tr_doc_next(&c, &doc), 1);
        assert_int_equal(doc, many[i]);
    }
    assert_int_equal(ns_tr_group_next(&c), 0);
    /* a group left unread is skipped */
    ns_tr_cursor_init(&c, buf, n);
    assert_int_equal(ns_tr_group_next(&c), 1);
    assert_int_equal(ns_tr_group_next(&c), 1);
    assert_int_equal(c.check, 1007);
    assert_int_equal(ns_tr_group_next(&c), 0);
    /* a cut blob, or groups out of order, do not decode */
    ns_tr_cursor_init(&c, buf, n - 1);
    assert_int_equal(ns_tr_group_next(&c), 1);
    assert_int_equal(ns_tr_group_next(&c), 1);
    while (ns_tr_doc_next(&c, &doc) == 1)
        ;
    assert_int_equal(ns_tr_doc_next(&c, &doc), -1);
    unsigned char swapped[256];
    size_t k = ns_tr_group_put(swapped, 1007, many, 5);
    k += ns_tr_group_put(swapped + k, 7, one, 1);
    ns_tr_cursor_init(&c, swapped, k);
    assert_int_equal(ns_tr_group_next(&c), 1);
    assert_int_equal(ns_tr_group_next(&c), -1);
    const unsigned char cut[] = {7, 0};
    ns_tr_cursor_init(&c, cut, 2);
    assert_int_equal(ns_tr_group_next(&c), -1);
}

/* ---------------------------------------------------------------- articles */

static void expect_bad(const char *line, const char *what)
{
    ns_tr_article a;
    ns_error err = {0};
    int rc = ns_tr_article_parse(&a, line, strlen(line), "f.jsonl", 7, &err);
    assert_int_equal(rc, NS_EINPUT);
    if (!strstr(err.msg, what) || strncmp(err.msg, "f.jsonl:7: ", 11))
        fail_msg("message '%s' lacks '%s'", err.msg, what);
    assert_null(a.root);
}

static void test_articles(void **state)
{
    (void)state;
    ns_tr_article a;
    ns_error err = {0};
    const char *ok =
        "{\"id\": \"a1\", \"text\": \"Some text.\", \"url\": null, \"title\": \"T\", \"origin\": 3}";
    assert_int_equal(ns_tr_article_parse(&a, ok, strlen(ok), "f", 1, &err), NS_OK);
    assert_string_equal(a.id, "a1");
    assert_string_equal(a.title, "T");
    assert_null(a.url);
    assert_int_equal(ns_tr_article_bytes(&a), 2 + 10 + 1);
    ns_tr_article_clear(&a);
    const char *num = "{\"id\": 42, \"text\": \"x y z\"}";
    assert_int_equal(ns_tr_article_parse(&a, num, strlen(num), "f", 1, &err), NS_OK);
    assert_string_equal(a.id, "42");
    ns_tr_article_clear(&a);

    expect_bad("{\"text\": \"no id\"}", "no \"id\"");
    expect_bad("{\"id\": \"\", \"text\": \"x\"}", "\"id\" must be");
    expect_bad("{\"id\": [1], \"text\": \"x\"}", "\"id\" must be");
    expect_bad("{\"id\": \"e\"}", "has no \"text\"");
    expect_bad("{\"id\": \"e\", \"text\": \"\"}", "is empty");
    expect_bad("{\"id\": \"e\", \"text\": \" \\n\\t \"}", "is empty");
    expect_bad("{\"id\": \"e\", \"text\": 5}", "\"text\" must be a string");
    expect_bad("{\"id\": \"e\", \"text\": \"x\", \"url\": 5}", "\"url\" must be a string or null");
    expect_bad("{\"id\": \"e\", \"text\": \"x\", \"text\": \"y\"}", "duplicate");
    expect_bad("[1, 2]", "must be a JSON object");
    expect_bad("{\"id\": \"e\", \"text\": \"x\"", "column");
    expect_bad("not json", "column");
    expect_bad("{\"id\": \"e\", \"text\": \"\\u0000\"}", "column");

    /* a text over 8 MiB is refused, with its size */
    size_t n = NS_TR_MAX_TEXT + 100;
    char *big = malloc(n + 64);
    assert_non_null(big);
    int k = sprintf(big, "{\"id\": \"big\", \"text\": \"");
    memset(big + k, 'a', n);
    strcpy(big + k + n, "\"}");
    assert_int_equal(ns_tr_article_parse(&a, big, strlen(big), "f", 3, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "at most 8 MiB"));
    free(big);
}

/* ------------------------------------------------------------------- index */

static void test_index_add_and_replace(void **state)
{
    (void)state;
    ns_index *ix = fixture_index("add.db");
    ns_error err = {0};
    assert_int_equal(count_articles(ix), 31);
    assert_int_equal(ns_index_check(ix, &err), NS_OK);
    /* re-adding the same ids replaces them */
    size_t len, added;
    char *data = read_all(path_of("tests/data/trace/reference-sample.jsonl"), &len);
    ns_index_set_threads(ix, 3);
    assert_int_equal(ns_index_add_jsonl(ix, data, len, "again", NULL, NULL, &added, &err), NS_OK);
    assert_int_equal(added, 31);
    assert_int_equal(count_articles(ix), 31);
    assert_int_equal(ns_index_check(ix, &err), NS_OK);
    /* a changed text replaces the old one: its postings too */
    const char *one =
        "{\"id\": \"fixture-telegraph-al-tanf\", \"text\": \"Nothing of the old text is left here at "
        "all, only new words about something else entirely.\"}\n";
    assert_int_equal(ns_index_add_jsonl(ix, one, strlen(one), "one", NULL, NULL, &added, &err), NS_OK);
    assert_int_equal(count_articles(ix), 31);
    assert_int_equal(ns_index_check(ix, &err), NS_OK);
    free(data);
    ns_index_close(ix);
    /* all of it is there after closing */
    assert_int_equal(ns_index_open(&ix, tmp_name("add.db"), 0, &err), NS_OK);
    assert_int_equal(count_articles(ix), 31);
    assert_int_equal(ns_index_check(ix, &err), NS_OK);
    ns_index_close(ix);
}

static void test_index_bad_input(void **state)
{
    (void)state;
    ns_index *ix = NULL;
    ns_error err = {0};
    size_t added = 99;
    assert_int_equal(ns_index_open(&ix, tmp_path("bad.db"), 1, &err), NS_OK);
    /* empty input */
    assert_int_equal(ns_index_add_jsonl(ix, "", 0, "empty.jsonl", NULL, NULL, &added, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "no articles"));
    assert_int_equal(added, 0);
    assert_int_equal(ns_index_add_jsonl(ix, "\n  \n", 4, "blank.jsonl", NULL, NULL, &added, &err), NS_EINPUT);
    /* a duplicate id: the articles before it are added, none after */
    const char *dup = "{\"id\": \"a\", \"text\": \"first article text\"}\n"
                      "{\"id\": \"b\", \"text\": \"second article text\"}\n"
                      "\n"
                      "{\"id\": \"a\", \"text\": \"the same id again\"}\n"
                      "{\"id\": \"c\", \"text\": \"never added\"}\n";
    assert_int_equal(ns_index_add_jsonl(ix, dup, strlen(dup), "dup.jsonl", NULL, NULL, &added, &err),
                     NS_EINPUT);
    assert_string_equal(err.msg, "dup.jsonl:4: id \"a\" was already given at line 1");
    assert_int_equal(added, 2);
    assert_int_equal(count_articles(ix), 2);
    /* an empty article */
    const char *empty = "{\"id\": \"d\", \"text\": \"fine\"}\n{\"id\": \"e\", \"text\": \"\"}\n";
    assert_int_equal(ns_index_add_jsonl(ix, empty, strlen(empty), "e.jsonl", NULL, NULL, &added, &err),
                     NS_EINPUT);
    assert_string_equal(err.msg, "e.jsonl:2: article \"e\" is empty (its text is blank)");
    assert_int_equal(count_articles(ix), 3);
    assert_int_equal(ns_index_check(ix, &err), NS_OK);
    /* a 50 MB article: refused by its size, the index unchanged */
    size_t n = 50u << 20;
    char *big = malloc(n + 64);
    assert_non_null(big);
    int k = sprintf(big, "{\"id\": \"huge\", \"text\": \"");
    for (size_t i = 0; i < n; i++)
        big[k + i] = i % 7 ? 'a' : ' ';
    strcpy(big + k + n, "\"}\n");
    assert_int_equal(ns_index_add_jsonl(ix, big, strlen(big), "huge.jsonl", NULL, NULL, &added, &err),
                     NS_EINPUT);
    assert_non_null(strstr(err.msg, "huge.jsonl:1: "));
    assert_non_null(strstr(err.msg, "8 MiB"));
    free(big);
    assert_int_equal(count_articles(ix), 3);
    assert_int_equal(ns_index_check(ix, &err), NS_OK);
    ns_index_close(ix);
}

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void test_index_refusals(void **state)
{
    (void)state;
    ns_index *ix = NULL;
    ns_error err = {0};
    /* missing, without create */
    assert_int_equal(ns_index_open(&ix, tmp_path("missing.db"), 0, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "missing.db: cannot open the index"));
    /* not SQLite */
    const char *p = tmp_path("text.db");
    write_file(p, "hello, this is not a database at all, just some words of text\n", 63);
    assert_int_equal(ns_index_open(&ix, p, 1, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "not an SQLite database"));
    /* an SQLite file of another application */
    p = tmp_path("other.db");
    sqlite3 *db;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x); PRAGMA application_id=7", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(ns_index_open(&ix, p, 1, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "not a newssift index"));
    /* an empty SQLite database is made an index only when asked */
    p = tmp_path("empty.db");
    write_file(p, "", 0);
    assert_int_equal(ns_index_open(&ix, p, 0, &err), NS_EINPUT);
    assert_int_equal(ns_index_open(&ix, p, 1, &err), NS_OK);
    ns_index_close(ix);
    /* a newer format */
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(ns_index_open(&ix, p, 0, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "index format 99 is newer"));
    /* an older format (1: postings of one entry each) */
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=1", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(ns_index_open(&ix, p, 1, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "index format 1 is older than this newssift reads (2); rebuild it"));
    /* other fingerprint settings */
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "PRAGMA user_version=2; UPDATE meta SET value=5 WHERE key='shingle_words'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(ns_index_open(&ix, p, 0, &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "shingle_words=5"));
    /* a directory */
    assert_int_equal(ns_index_open(&ix, tmpdir, 1, &err), NS_EINPUT);
}

/* A full disk (the file capped by PRAGMA max_page_count, which SQLite
 * reports as SQLITE_FULL): the add fails as a system error, the batch being
 * written is rolled back, and the index stays whole. */
static void test_disk_full(void **state)
{
    (void)state;
    ns_index *ix = fixture_index("full.db");
    ns_error err = {0};
    long long pages = 0;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(ix->db, "PRAGMA page_count", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    pages = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    assert_int_equal(ns_tr_set_max_pages(ix, pages + 3, &err), NS_OK);
    /* 400 articles of 2 KB: more than 3 pages of 64 KB */
    size_t cap = 400 * 2200, n = 0;
    char *data = malloc(cap);
    assert_non_null(data);
    for (int i = 0; i < 400; i++) {
        n += (size_t)sprintf(data + n, "{\"id\": \"filler-%d\", \"text\": \"", i);
        for (int w = 0; w < 300; w++)
            n += (size_t)sprintf(data + n, "w%d ", (i * 7919 + w * 104729) % 100003);
        n += (size_t)sprintf(data + n, "\"}\n");
    }
    size_t added = 0;
    ns_index_set_batch(ix, 50);
    int rc = ns_index_add_jsonl(ix, data, n, "filler.jsonl", NULL, NULL, &added, &err);
    assert_int_equal(rc, NS_ESYSTEM);
    assert_non_null(strstr(err.msg, "disk full"));
    assert_true(added < 400);
    assert_int_equal(added % 50, 0); /* whole batches only */
    assert_int_equal(ns_index_check(ix, &err), NS_OK);
    long long have = count_articles(ix);
    assert_int_equal(have, 31 + (long long)added);
    ns_index_close(ix);
    /* reopened without the cap, it takes the rest */
    assert_int_equal(ns_index_open(&ix, tmp_name("full.db"), 0, &err), NS_OK);
    assert_int_equal(count_articles(ix), have);
    assert_int_equal(ns_index_add_jsonl(ix, data, n, "filler.jsonl", NULL, NULL, &added, &err), NS_OK);
    assert_int_equal(count_articles(ix), 31 + 400);
    assert_int_equal(ns_index_check(ix, &err), NS_OK);
    ns_index_close(ix);
    free(data);
}

/* ------------------------------------------------------------------- trace */

static ns_page *read_page(const char *rel)
{
    size_t len;
    char *data = read_all(path_of(rel), &len);
    ns_page *p = NULL;
    ns_error err = {0};
    if (ns_page_read(&p, data, len, NS_PAGE_AUTO, rel, &err))
        fail_msg("%s", err.msg);
    free(data);
    return p;
}

static int span_is(const ns_page *p, ns_span s, const char *text)
{
    return s.end - s.start == strlen(text) && !memcmp(p->text + s.start, text, strlen(text));
}

static void check_syria_trace(const ns_page *p, const ns_trace *t)
{
    assert_int_equal(t->n, 1);
    const ns_tr_source *s = &t->src[0];
    assert_string_equal(s->id, "fixture-telegraph-al-tanf");
    assert_true(s->attributed);
    assert_true(s->copied_share > 0.6 && s->copied_share < 1);
    assert_true(s->containment_source > 0.9);
    /* the spin sentence and the attribution line were added */
    int spin = 0, line = 0;
    for (size_t i = 0; i < t->n_added; i++) {
        spin |=
            span_is(p, t->added[i],
                    "It looks like the US is heading towards a direct conflict with its Cold War adversary.");
        line |= span_is(p, t->added[i], "The Telegraph reports:");
    }
    assert_true(spin && line);
    /* the block after "The Telegraph reports:" is quoted, word for word */
    size_t quoted = 0;
    for (size_t i = 0; i < s->n_copied; i++) {
        const ns_tr_copy *c = &s->copied[i];
        assert_true(c->span.start < c->span.end && c->span.end <= p->len);
        if (c->kind == NS_TR_QUOTED) {
            quoted++;
            assert_false(c->near);
            assert_int_equal(c->n_changes, 0);
        }
    }
    assert_true(quoted >= 9);
}

static void test_trace_syria(void **state)
{
    (void)state;
    ns_index *ix = fixture_index("syria.db");
    ns_error err = {0};
    assert_int_equal(ns_index_load_outlets(ix, path_of("models/outlets.tsv"), &err), NS_OK);
    const char *pages[] = {"examples/syria-page.txt", "examples/syria-page.json", "examples/syria-page.html"};
    for (int k = 0; k < 3; k++) {
        ns_page *p = read_page(pages[k]);
        ns_trace *t = NULL;
        assert_int_equal(ns_trace_page(ix, p, 3, &t, &err), NS_OK);
        check_syria_trace(p, t);
        /* the JSON form has the contract's keys */
        char *js = ns_trace_json(t);
        json_t *j = json_loads(js, 0, NULL);
        assert_non_null(j);
        json_t *s0 = json_array_get(json_object_get(j, "sources"), 0);
        const char *keys[] = {
            "id",         "url",    "title", "copied_share", "containment_page", "containment_source",
            "attributed", "copied", "added"};
        for (int i = 0; i < 9; i++)
            if (!json_object_get(s0, keys[i]))
                fail_msg("no \"%s\" in %s", keys[i], js);
        assert_true(json_is_null(json_object_get(s0, "url")));
        json_t *c0 = json_array_get(json_object_get(s0, "copied"), 0);
        assert_non_null(json_object_get(c0, "source_span"));
        assert_non_null(json_object_get(c0, "changes"));
        json_decref(j);
        free(js);
        char *txt = ns_trace_text(t, p, 0);
        assert_non_null(strstr(txt, "fixture-telegraph-al-tanf"));
        assert_non_null(strstr(txt, "the page names the source"));
        free(txt);
        ns_trace_free(t);
        ns_page_free(p);
    }
    /* without the gazetteer nothing is quoted */
    ns_outlets_free(ix->outlets);
    ix->outlets = NULL;
    ns_page *p = read_page("examples/syria-page.txt");
    ns_trace *t = NULL;
    assert_int_equal(ns_trace_page(ix, p, 3, &t, &err), NS_OK);
    assert_int_equal(t->n, 1);
    assert_false(t->src[0].attributed);
    ns_trace_free(t);
    /* bad top_k */
    assert_int_equal(ns_trace_page(ix, p, 0, &t, &err), NS_EUSAGE);
    ns_page_free(p);
    ns_index_close(ix);
}

/* A page with nothing from the index, and an empty body. */
static void test_trace_nothing(void **state)
{
    (void)state;
    ns_index *ix = fixture_index("none.db");
    ns_error err = {0};
    const char *page =
        "{\"title\": \"Cats\", \"text\": \"My cat sleeps all day on the warm windowsill.\\n\\nShe "
        "wakes up only for dinner, then sleeps again until morning.\"}";
    ns_page *p = NULL;
    assert_int_equal(ns_page_read(&p, page, strlen(page), NS_PAGE_JSON, "cats", &err), NS_OK);
    ns_trace *t = NULL;
    assert_int_equal(ns_trace_page(ix, p, 3, &t, &err), NS_OK);
    assert_int_equal(ns_trace_count(t), 0);
    char *js = ns_trace_json(t);
    assert_string_equal(js, "{\"sources\": []}");
    free(js);
    ns_trace_free(t);
    ns_page_free(p);
    const char *title_only = "{\"title\": \"Just a title\", \"text\": \"\"}";
    assert_int_equal(ns_page_read(&p, title_only, strlen(title_only), NS_PAGE_JSON, "t", &err), NS_OK);
    assert_int_equal(ns_trace_page(ix, p, 3, &t, &err), NS_OK);
    assert_int_equal(ns_trace_count(t), 0);
    ns_trace_free(t);
    ns_page_free(p);
    ns_index_close(ix);
}

/* Alignment alone: exact, near with the changed word, and added. */
static void test_align(void **state)
{
    (void)state;
    const char *src = "The council met on Monday. It voted to close the old bridge for repairs next spring. "
                      "Residents were not consulted.";
    const char *pg = "The council met on Monday. It voted to shut the old bridge for repairs next spring. "
                     "This is an outrage, say we.";
    ns_error err = {0};
    ns_tr_text S = {0}, P = {0};
    ns_span all_s = {0, (uint32_t)strlen(src)}, all_p = {0, (uint32_t)strlen(pg)};
    assert_int_equal(ns_tr_text_build(&S, src, &all_s, 1, &err), NS_OK);
    assert_int_equal(ns_tr_text_build(&P, pg, &all_p, 1, &err), NS_OK);
    assert_int_equal(P.n_units, 3);
    ns_tr_match m[3];
    assert_int_equal(ns_tr_align(&P, &S, m, &err), NS_OK);
    assert_true(m[0].copied && m[0].exact);
    assert_int_equal(m[0].source_span.start, 0);
    assert_int_equal(m[0].source_span.end, 26);
    assert_true(m[1].copied && !m[1].exact);
    assert_int_equal(m[1].n_changes, 1);
    assert_int_equal(m[1].changes[0].end - m[1].changes[0].start, 4);
    assert_memory_equal(pg + m[1].changes[0].start, "shut", 4);
    assert_false(m[2].copied);
    ns_tr_matches_free(m, 3);
    ns_tr_text_free(&S);
    ns_tr_text_free(&P);
}

/* Several threads tracing on one index at once get the same answers. */
typedef struct tjob {
    ns_index *ix;
    ns_page *p;
    char *json;
    int rc;
} tjob;

static void *trace_thread(void *arg)
{
    tjob *j = arg;
    for (int i = 0; i < 20 && !j->rc; i++) {
        ns_trace *t = NULL;
        ns_error err = {0};
        j->rc = ns_trace_page(j->ix, j->p, 3, &t, &err);
        if (!j->rc) {
            free(j->json);
            j->json = ns_trace_json(t);
        }
        ns_trace_free(t);
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    ns_index *ix = fixture_index("threads.db");
    ns_error err = {0};
    assert_int_equal(ns_index_load_outlets(ix, path_of("models/outlets.tsv"), &err), NS_OK);
    ns_page *p = read_page("examples/syria-page.txt");
    tjob jobs[4];
    pthread_t tid[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (tjob){ix, p, NULL, 0};
        assert_int_equal(pthread_create(&tid[i], NULL, trace_thread, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(tid[i], NULL);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(jobs[i].rc, 0);
        assert_string_equal(jobs[i].json, jobs[0].json);
    }
    for (int i = 0; i < 4; i++)
        free(jobs[i].json);
    ns_page_free(p);
    ns_index_close(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fingerprints),    cmocka_unit_test(test_entries),
        cmocka_unit_test(test_articles),        cmocka_unit_test(test_index_add_and_replace),
        cmocka_unit_test(test_index_bad_input), cmocka_unit_test(test_index_refusals),
        cmocka_unit_test(test_disk_full),       cmocka_unit_test(test_align),
        cmocka_unit_test(test_trace_syria),     cmocka_unit_test(test_trace_nothing),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
