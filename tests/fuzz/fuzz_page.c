/*
 * fuzz_page.c — libFuzzer target for the page readers.  Every input is read
 * as each format (AUTO, TEXT, HTML, JSON, MHTML); a page must keep the invariants
 * (well-formed UTF-8, NUL-terminated canonical text, every span inside it),
 * an error must be NS_EINPUT with a message naming the input.  Any
 * violation aborts.  Corpus: tests/fuzz/corpus/page/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "page/page.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void check_span(const ns_page *p, ns_span s)
{
    CHECK(s.start <= s.end);
    CHECK(s.end <= p->len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ns_page_format fmts[] = {NS_PAGE_AUTO, NS_PAGE_TEXT, NS_PAGE_HTML, NS_PAGE_JSON, NS_PAGE_MHTML};
    for (size_t f = 0; f < sizeof fmts / sizeof *fmts; f++) {
        ns_page *p = NULL;
        ns_error err;
        memset(&err, 0x55, sizeof err);
        int rc = ns_page_read(&p, (const char *)data, size, fmts[f], "fuzz", &err);
        if (rc != NS_OK) {
            CHECK(rc == NS_EINPUT);
            CHECK(p == NULL);
            CHECK(err.code == rc);
            CHECK(memchr(err.msg, 0, sizeof err.msg) != NULL);
            CHECK(strncmp(err.msg, "fuzz", 4) == 0);
            CHECK(ns_utf8_valid(err.msg, strlen(err.msg), NULL));
            continue;
        }
        CHECK(p != NULL && p->text != NULL);
        CHECK(p->text[p->len] == 0);
        CHECK(ns_utf8_valid(p->text, p->len, NULL));
        if (p->has_title) check_span(p, p->title);
        for (size_t i = 0; i < p->n_paragraphs; i++) check_span(p, p->paragraphs[i]);
        for (size_t i = 0; i < p->n_comments; i++) {
            const ns_comment *c = &p->comments[i];
            check_span(p, c->text);
            check_span(p, c->author);
            if (!c->has_author) CHECK(c->author.start == 0 && c->author.end == 0);
        }
        /* text: the input, repaired (a UTF-16 one: its UTF-8) */
        int utf16 = size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF));
        if (fmts[f] == NS_PAGE_TEXT && !utf16) CHECK(p->len >= size);
        if (p->domain) CHECK(ns_utf8_valid(p->domain, strlen(p->domain), NULL));
        if (p->url) CHECK(ns_utf8_valid(p->url, strlen(p->url), NULL));
        ns_page_free(p);
    }
    return 0;
}
