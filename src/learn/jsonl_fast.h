/* jsonl_fast.h — the common JSONL record read without building a tree.
 *
 * jansson parses every line into a tree of allocated values, and on short
 * documents (a tweet, a headline) that was a third of `newssift predict`:
 * bench/jsonl_timer.c keeps the measurement.  This scanner handles the
 * records that corpora actually contain (one flat object of strings, with
 * perhaps literals, small integers and flat arrays of those beside them) and
 * gives up on anything else, so that jansson reads it and reports its
 * errors.  When it does not give up, jansson (with JSON_REJECT_DUPLICATES |
 * JSON_ALLOW_NUL) would accept the line and give the same values for the
 * fields asked for; tests/fuzz/fuzz_jsonl.c compares the two. */
#ifndef NS_JSONL_FAST_H
#define NS_JSONL_FAST_H

#include <stddef.h>

enum { NS_JF_ABSENT, NS_JF_NULL, NS_JF_STRING, NS_JF_OTHER };

typedef struct ns_jsonl_field {
    int kind;      /* NS_JF_* */
    const char *p; /* a string's bytes between its quotes, still escaped */
    size_t n;      /* their count */
    int escaped;   /* p holds a backslash: ns_jsonl_unescape it */
} ns_jsonl_field;

/* Scans line[0..n) for an object and finds the fields named keys[0..nk)
 * (nk at most 8) in out[].  Returns 1 when the line was read, 0 when it is
 * for jansson to read (anything unusual, valid or not). */
int ns_jsonl_scan(const char *line, size_t n, const char *const *keys, size_t nk, ns_jsonl_field *out);

/* Writes the string's value to o, which has room for f->n bytes (a value is
 * never longer than its escaped form); returns its length. */
size_t ns_jsonl_unescape(const ns_jsonl_field *f, char *o);

#endif
