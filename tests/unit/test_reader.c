/* test_reader.c — JSONL, CSV, TSV and plain-text records, and their errors.
 * Fixtures are written to a temporary folder by the tests themselves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newssift.h"

static char tmpdir[256];

static const char *fixture(const char *name, const char *data, size_t len)
{
    static char buf[4][512];
    static int k;
    char *p = buf[k++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return p;
}

#define FIXTURE(name, lit) fixture(name, lit, sizeof(lit) - 1)

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "%s/ns-test-reader-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char p[600];
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
            unlink(p);
        }
    if (d)
        closedir(d);
    rmdir(tmpdir);
    return 0;
}

typedef struct rec_want {
    const char *id, *text, *label;
    unsigned long line;
} rec_want;

/* Reads every record of path and compares; returns the final status and
 * leaves the error in *err. */
static int read_expect(const char *path, ns_format fmt, const ns_columns *cols, const rec_want *w,
                       size_t nw, ns_error *err)
{
    ns_reader *r = NULL;
    memset(err, 0, sizeof *err);
    int rc = ns_reader_open(&r, path, fmt, cols, err);
    if (rc)
        return rc;
    ns_record rec;
    size_t i = 0;
    while ((rc = ns_reader_next(r, &rec, err)) == 1) {
        if (i >= nw)
            fail_msg("%s: more than %zu records", path, nw);
        const rec_want *x = &w[i];
        if (rec.text_len != strlen(x->text) || memcmp(rec.text, x->text, rec.text_len) ||
            rec.text[rec.text_len] != '\0')
            fail_msg("%s: record %zu text \"%.*s\", expected \"%s\"", path, i, (int)rec.text_len,
                     rec.text, x->text);
        if ((rec.id == NULL) != (x->id == NULL) || (rec.id && strcmp(rec.id, x->id)))
            fail_msg("%s: record %zu id \"%s\", expected \"%s\"", path, i, rec.id ? rec.id : "(null)",
                     x->id ? x->id : "(null)");
        if ((rec.label == NULL) != (x->label == NULL) || (rec.label && strcmp(rec.label, x->label)))
            fail_msg("%s: record %zu label \"%s\", expected \"%s\"", path, i,
                     rec.label ? rec.label : "(null)", x->label ? x->label : "(null)");
        if (rec.line != x->line)
            fail_msg("%s: record %zu at line %lu, expected %lu", path, i, rec.line, x->line);
        i++;
    }
    if (rc == 0 && i != nw)
        fail_msg("%s: %zu records, expected %zu", path, i, nw);
    if (rc != 0 && i != nw)
        fail_msg("%s: %zu records before the error (%s), expected %zu", path, i, err->msg, nw);
    ns_reader_close(r);
    return rc;
}

#define WANT(...) ((const rec_want[]){__VA_ARGS__}), sizeof((const rec_want[]){__VA_ARGS__}) / sizeof(rec_want)

/* The error names FILE:LINE: */
static void expect_error_at(const ns_error *err, const char *path, unsigned long line)
{
    char want[600];
    snprintf(want, sizeof want, "%s:%lu: ", path, line);
    if (err->code != NS_EINPUT || strncmp(err->msg, want, strlen(want)))
        fail_msg("error \"%s\" (code %d), expected it to start \"%s\"", err->msg, err->code, want);
}

static const ns_columns labelled = {NULL, NULL, NULL, NULL, 1};

/* --------------------------------------------------------------- JSONL */

static void test_jsonl_records(void **state)
{
    (void)state;
    const char *p = FIXTURE("a.jsonl",
                            "{\"id\": \"x1\", \"title\": \"Headline\", \"text\": \"Body text.\", \"label\": \"news\"}\n"
                            "\n"
                            "   \t \n"
                            "{\"id\": 17, \"text\": \"No title\", \"label\": \"bait\", \"extra\": [1, 2]}\r\n"
                            "{\"text\": \"caf\\u00e9 \\ud83d\\ude02 \\\"q\\\"\\n2nd\", \"label\": \"news\", \"title\": \"\"}\n"
                            "{\"id\": 1.5, \"text\": \"\", \"label\": true, \"title\": null}");
    ns_error err;
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled,
                                 WANT({"x1", "Headline\nBody text.", "news", 1}, {"17", "No title", "bait", 4},
                                      {NULL, "caf\xC3\xA9 \xF0\x9F\x98\x82 \"q\"\n2nd", "news", 5},
                                      {"1.5", "", "true", 6}),
                                 &err),
                     0);
    /* unlabelled reading: labels are reported when present, never required */
    assert_int_equal(read_expect(FIXTURE("b.jsonl", "{\"text\": \"t\"}\n{\"text\": \"u\", \"label\": \"L\"}\n"),
                                 NS_FMT_JSONL, NULL, WANT({NULL, "t", NULL, 1}, {NULL, "u", "L", 2}), &err),
                     0);
}

static void test_jsonl_custom_columns(void **state)
{
    (void)state;
    const char *p = FIXTURE("c.json", "{\"key\": \"k9\", \"head\": \"H\", \"body\": \"B\", \"y\": \"pos\", "
                                      "\"text\": \"ignored\", \"label\": \"ignored\"}\n");
    ns_columns cols = {"body", "y", "head", "key", 1};
    ns_error err;
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &cols, WANT({"k9", "H\nB", "pos", 1}), &err), 0);
}

static void test_jsonl_errors(void **state)
{
    (void)state;
    ns_error err;
    const char *p = FIXTURE("bad.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n"
                                         "{\"text\": \"b\", \"label\": \"y\"}\n"
                                         "{\"text\": \"c\", \"label\": \n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, WANT({NULL, "a", "x", 1}, {NULL, "b", "y", 2}), &err),
                     NS_EINPUT);
    expect_error_at(&err, p, 3);

    p = FIXTURE("utf8.jsonl", "{\"text\": \"fine\", \"label\": \"x\"}\n"
                              "{\"text\": \"bad \xC0\xAF here\", \"label\": \"x\"}\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, WANT({NULL, "fine", "x", 1}), &err), NS_EINPUT);
    expect_error_at(&err, p, 2);
    assert_non_null(strstr(err.msg, "UTF-8"));

    p = FIXTURE("utf8b.jsonl", "{\"text\": \"lone surrogate \\ud800\", \"label\": \"x\"}\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, NULL, 0, &err), NS_EINPUT);
    expect_error_at(&err, p, 1);

    p = FIXTURE("nolabel.jsonl", "\n{\"text\": \"a\"}\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, NULL, 0, &err), NS_EINPUT);
    expect_error_at(&err, p, 2);
    assert_non_null(strstr(err.msg, "label"));

    /* an empty label is no label: an error when labels are needed (as in CSV) */
    p = FIXTURE("emptylabel.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \"\"}\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, WANT({NULL, "a", "x", 1}), &err), NS_EINPUT);
    expect_error_at(&err, p, 2);
    assert_int_equal(read_expect(p, NS_FMT_AUTO, NULL, WANT({NULL, "a", "x", 1}, {NULL, "b", NULL, 2}), &err), 0);

    p = FIXTURE("notext.jsonl", "{\"title\": \"a\", \"label\": \"x\"}\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, NULL, 0, &err), NS_EINPUT);
    expect_error_at(&err, p, 1);

    p = FIXTURE("array.jsonl", "[1, 2]\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, NULL, NULL, 0, &err), NS_EINPUT);
    expect_error_at(&err, p, 1);

    p = FIXTURE("textobj.jsonl", "{\"text\": {\"a\": 1}}\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, NULL, NULL, 0, &err), NS_EINPUT);
    expect_error_at(&err, p, 1);

    p = FIXTURE("dup.jsonl", "{\"text\": \"a\", \"text\": \"b\"}\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, NULL, NULL, 0, &err), NS_EINPUT);
    expect_error_at(&err, p, 1);

    p = FIXTURE("two.jsonl", "{\"text\": \"a\"} {\"text\": \"b\"}\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, NULL, NULL, 0, &err), NS_EINPUT);
    expect_error_at(&err, p, 1);
}

static void test_jsonl_empty_and_long(void **state)
{
    (void)state;
    ns_error err;
    assert_int_equal(read_expect(FIXTURE("empty.jsonl", ""), NS_FMT_AUTO, &labelled, NULL, 0, &err), 0);
    assert_int_equal(read_expect(FIXTURE("blank.jsonl", "\n\n  \n"), NS_FMT_AUTO, &labelled, NULL, 0, &err), 0);
    /* a 1 MB text and a line without a final newline */
    size_t n = 1 << 20;
    char *big = malloc(n + 64);
    size_t o = (size_t)sprintf(big, "{\"text\": \"");
    for (size_t i = 0; i < n; i++)
        big[o++] = "abc de"[i % 6];
    o += (size_t)sprintf(big + o, "\", \"label\": \"L\"}");
    const char *p = fixture("big.jsonl", big, o);
    ns_reader *r;
    ns_record rec;
    assert_int_equal(ns_reader_open(&r, p, NS_FMT_AUTO, &labelled, &err), 0);
    assert_int_equal(ns_reader_next(r, &rec, &err), 1);
    assert_int_equal(rec.text_len, n);
    assert_memory_equal(rec.text, big + 10, n);
    assert_int_equal(ns_reader_next(r, &rec, &err), 0);
    assert_int_equal(ns_reader_next(r, &rec, &err), 0); /* stays at the end */
    ns_reader_close(r);
    free(big);
}

/* ------------------------------------------------------------ CSV, TSV */

static void test_csv_quoting(void **state)
{
    (void)state;
    const char *p = FIXTURE("a.csv", "\xEF\xBB\xBFid,text,label,title\n"
                                     "1,plain,pos,\n"
                                     "2,\"commas, inside\",neg,T\n"
                                     "3,\"she said \"\"hi\"\"\",pos,\"\"\n"
                                     "4,\"line one\nline two\n\nline four\",neg,\n"
                                     "\n"
                                     "5,after the multi-line record,pos,Head\r\n"
                                     "6,\"\",neg,\n"
                                     "7,last,pos,");
    ns_error err;
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled,
                                 WANT({"1", "plain", "pos", 2}, {"2", "T\ncommas, inside", "neg", 3},
                                      {"3", "she said \"hi\"", "pos", 4},
                                      {"4", "line one\nline two\n\nline four", "neg", 5},
                                      {"5", "Head\nafter the multi-line record", "pos", 10},
                                      {"6", "", "neg", 11}, {"7", "last", "pos", 12}),
                                 &err),
                     0);
}

static void test_tsv_and_custom_columns(void **state)
{
    (void)state;
    ns_error err;
    const char *p = FIXTURE("a.tsv", "label\ttext\tunused\n"
                                     "a\tone, with comma\tx\n"
                                     "b\t\"a lone quote\ty\n"
                                     "c\tnext line\tz\n");
    /* TSV has no quoting: a lone quote stays in its field and the next
     * line is still its own record */
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled,
                                 WANT({NULL, "one, with comma", "a", 2}, {NULL, "\"a lone quote", "b", 3},
                                      {NULL, "next line", "c", 4}), &err),
                     0);
    p = FIXTURE("custom.csv", "doc,body,cls,headline\nd1,the body,yes,the head\n");
    ns_columns cols = {"body", "cls", "headline", "doc", 1};
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &cols, WANT({"d1", "the head\nthe body", "yes", 2}), &err), 0);
    /* --format overrides the extension */
    p = FIXTURE("tabs.txt", "text\tlabel\nhello\tgreet\n");
    assert_int_equal(read_expect(p, NS_FMT_TSV, &labelled, WANT({NULL, "hello", "greet", 2}), &err), 0);
    /* without need_label, a missing label column is fine and labels are NULL */
    p = FIXTURE("nolabel.csv", "text\nonly text\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, NULL, WANT({NULL, "only text", NULL, 2}), &err), 0);
    /* Excel's CSV where the decimal mark is a comma: ';' between fields,
     * RFC 4180 quoting; a header without ';' keeps ',' (and ';' in text) */
    p = FIXTURE("excel.csv", "\xEF\xBB\xBFtext;label\r\nprice 3,50 a kilo;a\r\n\"two\r\nlines; \"\"q\"\"\";b\r\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled,
                                 WANT({NULL, "price 3,50 a kilo", "a", 2}, {NULL, "two\nlines; \"q\"", "b", 3}),
                                 &err),
                     0);
    p = FIXTURE("semi-text.csv", "text,label\nhello; there,a\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, WANT({NULL, "hello; there", "a", 2}), &err), 0);
}

static void test_csv_errors(void **state)
{
    (void)state;
    ns_error err;
    const char *p = FIXTURE("nolabel.csv", "text,category\nhello,x\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, NULL, 0, &err), NS_EINPUT);
    expect_error_at(&err, p, 1);
    assert_non_null(strstr(err.msg, "label"));

    p = FIXTURE("notext.tsv", "body\tlabel\nhello\tx\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, NULL, 0, &err), NS_EINPUT);
    expect_error_at(&err, p, 1);

    p = FIXTURE("empty.csv", "");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, NULL, 0, &err), NS_EINPUT);
    expect_error_at(&err, p, 1);

    /* a header and nothing else is an empty data set, not an error */
    assert_int_equal(read_expect(FIXTURE("header.csv", "text,label\n"), NS_FMT_AUTO, &labelled, NULL, 0, &err), 0);

    p = FIXTURE("utf8.csv", "text,label\nfine,a\n\"bad \xFF\",b\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, WANT({NULL, "fine", "a", 2}), &err), NS_EINPUT);
    expect_error_at(&err, p, 3);
    assert_non_null(strstr(err.msg, "UTF-8"));

    /* Excel's "Unicode Text" (UTF-16 tab-separated) is named as such, in
     * every format, not taken for a header without a text column */
    static const char *const u16[] = {"u16.tsv", "u16.jsonl", "u16.txt"};
    for (size_t k = 0; k < 3; k++) {
        p = fixture(u16[k], "\xFF\xFEt\0e\0x\0t\0\t\0l\0\n\0", 16);
        assert_int_equal(read_expect(p, k == 2 ? NS_FMT_TEXT : NS_FMT_AUTO, k == 2 ? NULL : &labelled, NULL, 0, &err),
                         NS_EINPUT);
        assert_non_null(strstr(err.msg, "UTF-16"));
    }

    p = FIXTURE("utf8label.csv", "text,label\nfine,\xC3\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, NULL, 0, &err), NS_EINPUT);
    expect_error_at(&err, p, 2);

    p = FIXTURE("unclosed.csv", "text,label\nok,a\n\"never closed,b\nmore\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, WANT({NULL, "ok", "a", 2}), &err), NS_EINPUT);
    expect_error_at(&err, p, 3);

    p = FIXTURE("short.csv", "text,label\nok,a\nno label field\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, WANT({NULL, "ok", "a", 2}), &err), NS_EINPUT);
    expect_error_at(&err, p, 3);

    p = FIXTURE("emptylabel.csv", "text,label\nok,\n");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, &labelled, NULL, 0, &err), NS_EINPUT);
    expect_error_at(&err, p, 2);
}

/* ----------------------------------------------------------- plain text */

static void test_text_lines(void **state)
{
    (void)state;
    ns_error err;
    const char *p = FIXTURE("docs.txt", "first document\nsecond, with \"quotes\" and {json}\r\nthird");
    assert_int_equal(read_expect(p, NS_FMT_AUTO, NULL,
                                 WANT({NULL, "first document", NULL, 1},
                                      {NULL, "second, with \"quotes\" and {json}", NULL, 2},
                                      {NULL, "third", NULL, 3}),
                                 &err),
                     0);
    p = FIXTURE("bad.txt", "ok\nbad \xED\xA0\x80\n");
    assert_int_equal(read_expect(p, NS_FMT_TEXT, NULL, WANT({NULL, "ok", NULL, 1}), &err), NS_EINPUT);
    expect_error_at(&err, p, 2);
    /* plain text has no labels to train on */
    p = FIXTURE("x.txt", "a\n");
    assert_int_equal(read_expect(p, NS_FMT_TEXT, &labelled, NULL, 0, &err), NS_EINPUT);
    expect_error_at(&err, p, 1);
}

static void test_open_and_formats(void **state)
{
    (void)state;
    ns_reader *r = (ns_reader *)1;
    ns_error err = {0};
    char p[600];
    snprintf(p, sizeof p, "%s/does-not-exist.jsonl", tmpdir);
    assert_int_equal(ns_reader_open(&r, p, NS_FMT_AUTO, NULL, &err), NS_EINPUT);
    assert_null(r);
    assert_non_null(strstr(err.msg, "does-not-exist.jsonl"));
    assert_int_equal(ns_format_from_name("jsonl"), NS_FMT_JSONL);
    assert_int_equal(ns_format_from_name("csv"), NS_FMT_CSV);
    assert_int_equal(ns_format_from_name("tsv"), NS_FMT_TSV);
    assert_int_equal(ns_format_from_name("text"), NS_FMT_TEXT);
    assert_int_equal(ns_format_from_name("auto"), NS_FMT_AUTO);
    assert_int_equal((int)ns_format_from_name("xml"), -1);
    /* an unknown extension reads as JSONL */
    assert_int_equal(read_expect(FIXTURE("data.unknown", "{\"text\": \"j\"}\n"), NS_FMT_AUTO, NULL,
                                 WANT({NULL, "j", NULL, 1}), &err),
                     0);
    ns_reader_close(NULL);
}

/* ns_corpus_read: every record into the corpus, errors passed on. */
static void test_corpus_read(void **state)
{
    (void)state;
    ns_error err = {0};
    ns_reader *r;
    const char *p = FIXTURE("corpus.csv", "text,label\na,x\nb,y\nc,x\n");
    assert_int_equal(ns_reader_open(&r, p, NS_FMT_AUTO, &labelled, &err), 0);
    ns_corpus *c = ns_corpus_new();
    assert_int_equal(ns_corpus_read(c, r, &err), 0);
    assert_int_equal(ns_corpus_size(c), 3);
    ns_reader_close(r);
    p = FIXTURE("corpus2.jsonl", "{\"text\": \"d\", \"label\": \"x\"}\n{\"text\": \"e\"}\n");
    assert_int_equal(ns_reader_open(&r, p, NS_FMT_AUTO, &labelled, &err), 0);
    assert_int_equal(ns_corpus_read(c, r, &err), NS_EINPUT);
    expect_error_at(&err, p, 2);
    assert_int_equal(ns_corpus_size(c), 4);
    ns_reader_close(r);
    ns_corpus_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_records),
        cmocka_unit_test(test_jsonl_custom_columns),
        cmocka_unit_test(test_jsonl_errors),
        cmocka_unit_test(test_jsonl_empty_and_long),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_tsv_and_custom_columns),
        cmocka_unit_test(test_csv_errors),
        cmocka_unit_test(test_text_lines),
        cmocka_unit_test(test_open_and_formats),
        cmocka_unit_test(test_corpus_read),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
