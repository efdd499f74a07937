/* bucket_blob.c — the encoding of a postings bucket (docs/trace.md).
 *
 * A bucket's blob holds one group per key, in ascending order of the key's
 * check: the check (2 bytes, little endian), then the key's articles as doc
 * numbers in ascending order, delta coded in unsigned LEB128 varints: the
 * first varint is (first doc << 1) | (more than one doc), then, when there
 * are more, (count - 2) and the gaps to each next doc.  Most postings are on
 * keys many articles share (a sentence reprinted), whose gaps take 2-3 bytes
 * where a doc number and a check took 5; a key on one article costs the
 * same 5 bytes as before. */
#include "trace/trace.h"

static int get_varint(ns_tr_cursor *c, uint64_t *v)
{
    uint64_t x = 0;
    for (int shift = 0; c->pos < c->n && shift < 64; shift += 7) {
        unsigned char b = c->b[c->pos++];
        x |= (uint64_t)(b & 127) << shift;
        if (!(b & 128)) {
            *v = x;
            return 1;
        }
    }
    return 0;
}

static size_t put_varint(unsigned char *out, uint64_t v)
{
    size_t n = 0;
    while (v >= 128) {
        out[n++] = (unsigned char)((v & 127) | 128);
        v >>= 7;
    }
    out[n++] = (unsigned char)v;
    return n;
}

void ns_tr_cursor_init(ns_tr_cursor *c, const unsigned char *b, size_t n)
{
    *c = (ns_tr_cursor){.b = b, .n = b ? n : 0, .check = -1};
}

int ns_tr_group_next(ns_tr_cursor *c)
{
    int64_t doc;
    int r;
    while ((r = ns_tr_doc_next(c, &doc)) == 1) /* the rest of the current group */
        ;
    if (r < 0)
        return -1;
    if (c->pos == c->n)
        return 0;
    if (c->pos + 3 > c->n)
        return -1;
    int32_t check = c->b[c->pos] | c->b[c->pos + 1] << 8;
    c->pos += 2;
    if (check <= c->check) /* groups come in ascending check order */
        return -1;
    c->check = check;
    uint64_t h, more = 0;
    if (!get_varint(c, &h) || (h & 1 && !get_varint(c, &more)) || (h >> 1) < 1 || (h >> 1) > INT64_MAX / 2 ||
        more > UINT32_MAX - 2)
        return -1;
    c->doc = (int64_t)(h >> 1);
    c->left = h & 1 ? (uint32_t)more + 2 : 1;
    c->first = 1;
    return 1;
}

int ns_tr_doc_next(ns_tr_cursor *c, int64_t *doc)
{
    if (!c->left)
        return 0;
    if (!c->first) {
        uint64_t gap;
        if (!get_varint(c, &gap) || gap < 1 || gap > (uint64_t)(INT64_MAX - c->doc))
            return -1;
        c->doc += (int64_t)gap;
    }
    c->first = 0;
    c->left--;
    *doc = c->doc;
    return 1;
}

size_t ns_tr_group_put(unsigned char *out, uint16_t check, const int64_t *docs, size_t n)
{
    size_t len = 0;
    out[len++] = (unsigned char)(check & 255);
    out[len++] = (unsigned char)(check >> 8);
    len += put_varint(out + len, (uint64_t)docs[0] << 1 | (n > 1));
    if (n > 1)
        len += put_varint(out + len, n - 2);
    for (size_t i = 1; i < n; i++)
        len += put_varint(out + len, (uint64_t)(docs[i] - docs[i - 1]));
    return len;
}
