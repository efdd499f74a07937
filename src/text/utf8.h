/* utf8.h — internal UTF-8 helpers shared by the tokenizer and the readers. */
#ifndef NS_TEXT_UTF8_H
#define NS_TEXT_UTF8_H
#include <stddef.h>
#include <stdint.h>

#include "newssift.h"

/* Length of the well-formed sequence at s[0..n) (n >= 1) with its code point
 * in *cp, or 0 when s[0] does not start one. */
size_t ns_utf8_seq(const unsigned char *s, size_t n, int32_t *cp);

#endif
