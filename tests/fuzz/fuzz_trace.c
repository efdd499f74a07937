/* fuzz_trace.c — the article reader, the postings bucket decoder and the
 * sentence alignment from any bytes.
 *
 * The input as a bucket blob (as a damaged index could hold it): the cursor
 * ends, with groups in ascending check order and docs ascending, or says it
 * is damaged.
 * The whole input is read as one JSONL article line: it gives an article or
 * an error with a message, never a crash.  Then the input is cut at its
 * first '|' into a page and a source (paragraphs at blank lines) and the two
 * are aligned: every copied unit must point inside both texts, its changes
 * inside the unit, and an exact unit must have no changes; aligned again
 * with the page's word pairs indexed (as a query does), the result is the
 * same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"

static size_t paragraphs(const char *t, size_t n, ns_span *out, size_t max)
{
    size_t np = 0, i = 0;
    while (i < n && np < max) {
        while (i < n && (t[i] == '\n' || t[i] == ' '))
            i++;
        size_t s = i;
        while (i < n && !(t[i] == '\n' && i + 1 < n && t[i + 1] == '\n'))
            i++;
        size_t e = i;
        while (e > s && (t[e - 1] == '\n' || t[e - 1] == ' '))
            e--;
        if (e > s)
            out[np++] = (ns_span){(uint32_t)s, (uint32_t)e};
    }
    return np;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    ns_error err = {0};
    ns_tr_article a;
    int rc = ns_tr_article_parse(&a, (const char *)data, size, "fuzz.jsonl", 1, &err);
    if (rc != NS_OK && (!err.msg[0] || err.code != rc))
        abort(); /* an error always says what is wrong */
    if (rc == NS_OK) {
        if (!a.id || !a.id_len || !a.text || !a.text_len || a.text_len > NS_TR_MAX_TEXT)
            abort();
        ns_tr_article_clear(&a);
    }

    ns_tr_cursor c;
    ns_tr_cursor_init(&c, data, size);
    int g;
    while ((g = ns_tr_group_next(&c)) == 1) {
        int64_t doc, prev = 0;
        int d;
        while ((d = ns_tr_doc_next(&c, &doc)) == 1) {
            if (doc <= prev)
                abort();
            prev = doc;
        }
        if (d < 0)
            break;
    }
    if (c.pos > size)
        abort();

    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    if (size)
        memcpy(buf, data, size);
    buf[size] = 0;
    char *bar = memchr(buf, '|', size);
    size_t plen = bar ? (size_t)(bar - buf) : size / 2;
    const char *page = buf, *src = buf + plen + (bar != NULL);
    size_t slen = size - plen - (bar != NULL);
    ns_span pp[64], sp = {0, (uint32_t)slen};
    size_t np = paragraphs(page, plen, pp, 64);
    ns_tr_text P = {0}, S = {0};
    ns_tr_match *m = NULL;
    if (ns_tr_text_build(&P, page, pp, np, &err) == NS_OK &&
        ns_tr_text_build(&S, src, &sp, 1, &err) == NS_OK && (m = calloc(P.n_units + 1, sizeof *m)) &&
        ns_tr_align(&P, &S, m, &err) == NS_OK) {
        for (size_t i = 0; i < P.n_units; i++) {
            const ns_tr_unit *u = &P.u[i];
            if (u->span.start > u->span.end || u->span.end > plen || u->w0 >= u->w1)
                abort();
            if (!m[i].copied)
                continue;
            if (m[i].source_span.start > m[i].source_span.end || m[i].source_span.end > slen)
                abort();
            if (m[i].exact && m[i].n_changes)
                abort();
            for (size_t k = 0; k < m[i].n_changes; k++)
                if (m[i].changes[k].start < u->span.start || m[i].changes[k].end > u->span.end)
                    abort();
        }
        ns_tr_match *m2 = calloc(P.n_units + 1, sizeof *m2);
        if (m2 && ns_tr_text_pairs(&P, &err) == NS_OK && ns_tr_align(&P, &S, m2, &err) == NS_OK) {
            for (size_t i = 0; i < P.n_units; i++)
                if (m2[i].copied != m[i].copied || m2[i].exact != m[i].exact ||
                    m2[i].matched != m[i].matched || m2[i].n_changes != m[i].n_changes ||
                    memcmp(&m2[i].source_span, &m[i].source_span, sizeof m[i].source_span))
                    abort();
            ns_tr_matches_free(m2, P.n_units);
        }
        free(m2);
        ns_tr_matches_free(m, P.n_units);
    }
    free(m);
    ns_tr_text_free(&P);
    ns_tr_text_free(&S);
    free(buf);
    return 0;
}
