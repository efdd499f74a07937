/* utf8.c — decoding that survives any byte sequence.
 *
 * Well-formed UTF-8 follows RFC 3629 (no overlongs, no surrogates, nothing
 * above U+10FFFF).  Each byte that cannot start or continue a well-formed
 * sequence is replaced on its own by U+FFFD, so the count of replaced bytes
 * is exact and the repaired text is at most three times as long. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/utf8.h"

size_t ns_utf8_seq(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = (int32_t)v;
    return len;
}

int ns_utf8_valid(const char *s, size_t len, size_t *bad_at)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t k = ns_utf8_seq(p + i, len - i, &cp);
        if (!k) {
            if (bad_at)
                *bad_at = i;
            return 0;
        }
        i += k;
    }
    return 1;
}

char *ns_utf8_repair(const char *s, size_t len, size_t *out_len, size_t *replaced)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t bad = 0, i = 0;
    /* Count first so that valid input (the common case) is one memcpy. */
    while (i < len) {
        int32_t cp;
        size_t k = p[i] < 0x80 ? 1 : ns_utf8_seq(p + i, len - i, &cp);
        if (!k) {
            bad++;
            k = 1;
        }
        i += k;
    }
    if (bad > (SIZE_MAX - len - 1) / 2)
        return NULL;
    char *out = malloc(len + 2 * bad + 1);
    if (!out)
        return NULL;
    if (!bad) {
        if (len)
            memcpy(out, s, len);
    } else {
        size_t o = 0;
        i = 0;
        while (i < len) {
            int32_t cp;
            size_t k = p[i] < 0x80 ? 1 : ns_utf8_seq(p + i, len - i, &cp);
            if (!k) {
                out[o++] = (char)0xEF, out[o++] = (char)0xBF, out[o++] = (char)0xBD;
                i++;
            } else {
                memcpy(out + o, p + i, k);
                o += k, i += k;
            }
        }
    }
    out[len + 2 * bad] = '\0';
    if (out_len)
        *out_len = len + 2 * bad;
    if (replaced)
        *replaced = bad;
    return out;
}

static size_t put_utf8(unsigned char *o, uint32_t cp)
{
    return (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, o);
}

static uint32_t utf16_unit(const unsigned char *p, size_t i, int big_endian)
{
    return big_endian ? (uint32_t)p[2 * i] << 8 | p[2 * i + 1] : (uint32_t)p[2 * i + 1] << 8 | p[2 * i];
}

char *ns_utf16_to_utf8(const char *s, size_t len, int big_endian, size_t *out_len, size_t *replaced)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t units = len / 2, bad = 0, o = 0;
    /* a unit gives at most 3 bytes (a surrogate pair, two units, gives 4) */
    if (units > (SIZE_MAX - 4) / 3)
        return NULL;
    unsigned char *out = malloc(3 * units + 4);
    if (!out)
        return NULL;
    for (size_t i = 0; i < units; i++) {
        uint32_t u = utf16_unit(p, i, big_endian);
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
            uint32_t v = utf16_unit(p, i + 1, big_endian);
            if (v >= 0xDC00 && v <= 0xDFFF) {
                o += put_utf8(out + o, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
                i++;
                continue;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF) {
            u = 0xFFFD;
            bad++;
        }
        o += put_utf8(out + o, u);
    }
    if (len % 2) {
        o += put_utf8(out + o, 0xFFFD);
        bad++;
    }
    out[o] = 0;
    *out_len = o;
    *replaced = bad;
    return (char *)out;
}

int ns_utf8_has_multibyte(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        int32_t cp;
        if (p[i] >= 0xC2 && ns_utf8_seq(p + i, len - i, &cp))
            return 1;
    }
    return 0;
}
