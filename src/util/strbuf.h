/* strbuf.h — a growable byte string, and JSON written into it. */
#ifndef NS_UTIL_STRBUF_H
#define NS_UTIL_STRBUF_H
#include <stddef.h>
#include <string.h>

typedef struct ns_strbuf {
    char *p;
    size_t n, cap;
    int oom; /* set by any failed growth; later appends do nothing */
} ns_strbuf;

void sb_put(ns_strbuf *b, const char *s, size_t n);
/* Inline, so that a literal's length is known when compiling (a strlen per
 * call was measurable in predict's JSON output). */
static inline void sb_puts(ns_strbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}
void sb_printf(ns_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A JSON string literal, quotes included; s must be valid UTF-8. */
void sb_json_str(ns_strbuf *b, const char *s, size_t n);
/* A JSON number: shortest of %.6g, finite values only (others become 0). */
void sb_json_num(ns_strbuf *b, double v);
/* text[0..n) in double quotes on one line, white space collapsed, control
 * characters dropped, cut to at most max code points with an ellipsis. */
void sb_quote(ns_strbuf *b, const char *s, size_t n, size_t max);
void sb_free(ns_strbuf *b);

#endif
