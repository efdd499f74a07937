/* utf8.h — internal UTF-8 helpers shared by the tokenizer and the readers. */
#ifndef NS_TEXT_UTF8_H
#define NS_TEXT_UTF8_H
#include <stddef.h>
#include <stdint.h>

#include "newssift.h"

/* Length of the well-formed sequence at s[0..n) (n >= 1) with its code point
 * in *cp, or 0 when s[0] does not start one. */
size_t ns_utf8_seq(const unsigned char *s, size_t n, int32_t *cp);

/* s[0..len) as UTF-16 (big_endian or little), without its byte-order mark,
 * in UTF-8 (NUL-terminated, length in *out_len).  A lone surrogate, and an
 * odd last byte, become U+FFFD, each counted in *replaced.  NULL when out of
 * memory. */
char *ns_utf16_to_utf8(const char *s, size_t len, int big_endian, size_t *out_len, size_t *replaced);

/* 1 when s[0..len) holds at least one well-formed multi-byte UTF-8 sequence:
 * text that is not UTF-8 throughout but has one is UTF-8 with damage, text
 * without one is in another encoding. */
int ns_utf8_has_multibyte(const char *s, size_t len);

#endif
