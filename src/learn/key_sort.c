/* key_sort.c — sorting a text's feature keys by bucket, the step of
 * featurizing that every document pays once: radix passes for long texts,
 * grouping and insertion for short ones. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "learn/key_sort.h"

/* LSD radix sort of bucket numbers (bits <= 24); small inputs by insertion.
 * Digits are 8 bits (at most three passes), or half the bits (two passes
 * over a count table of up to 4,096) when n is large enough for the pass
 * saved to pay for the bigger table: a page's article has thousands.  One
 * pass is a macro so that the 8-bit digit stays a constant mask. */
#define RADIX_PASS(T, src, dst, n, sh, mask, count)                                                          \
    do {                                                                                                     \
        memset(count, 0, ((size_t)(mask) + 2) * sizeof *(count));                                            \
        for (size_t i_ = 0; i_ < (n); i_++)                                                                  \
            (count)[(((src)[i_] >> (sh)) & (mask)) + 1]++;                                                   \
        for (size_t b_ = 1; b_ <= (size_t)(mask) + 1; b_++)                                                  \
            (count)[b_] += (count)[b_ - 1];                                                                  \
        for (size_t i_ = 0; i_ < (n); i_++)                                                                  \
            (dst)[(count)[((src)[i_] >> (sh)) & (mask)]++] = (src)[i_];                                      \
        T *t_ = (src);                                                                                       \
        (src) = (dst), (dst) = t_;                                                                           \
    } while (0)

static int wide_digits(size_t n, int bits)
{
    return n >= 1024 && bits > 16;
}

/* One scatter pass of sort_keys by the digit (v >> sh) & mask, whose
 * exclusive prefix sums are in at[]. */
static void scatter_digit(const uint32_t *src, uint32_t *dst, size_t n, int sh, uint32_t mask, uint32_t *at)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t v = src[i];
        dst[at[(v >> sh) & mask]++] = v;
    }
}

static void prefix_sums(uint32_t *c, size_t n)
{
    uint32_t sum = 0;
    for (size_t b = 0; b < n; b++) {
        uint32_t t = c[b];
        c[b] = sum, sum += t;
    }
}

/* Sorts a[0..n) by insertion from src[0..n) (which may be a), which holds
 * the same keys grouped by their top digit in ascending order: each key
 * moves only past the few of its own group.  The first two steps, past
 * the key before it or not and past the one before that or not, are taken
 * without a branch (as minima and maxima of keys kept in registers, not
 * read back from a[]): whether a key of a group of one or two goes first
 * was a coin toss to the branch predictor, and each step waited on the
 * store of the one before, most of the sort's time on short texts.
 * Moving further back is rarer. */
static void insert_sorted(uint32_t *a, const uint32_t *src, size_t n)
{
    if (!n)
        return;
    uint32_t p1 = src[0], p2 = 0; /* a[i - 1] and a[i - 2] (0 before a[0]: no key is below) */
    a[0] = p1;
    for (size_t i = 1; i < n; i++) {
        uint32_t v = src[i];
        uint32_t lo = v < p1 ? v : p1, hi = v < p1 ? p1 : v;
        a[i] = hi;
        if (p2 > lo) {
            size_t j = i - 1;
            while (j && a[j - 1] > lo)
                a[j] = a[j - 1], j--;
            a[j] = lo;
        } else {
            a[i - 1] = lo;
        }
        p2 = p2 > lo ? p2 : lo;
        p1 = hi;
    }
}

/* Sorting the keys of a text (bucket << 8 | weight: by bucket, and a
 * bucket's keys in any order).  A short one (under 1,024 keys: a
 * statement, a tweet, a headline) is grouped by its top bits, into more
 * groups than keys (fewer keys that move past others, each move a
 * possible misprediction), and then sorted by insertion: one pass over a
 * table of n to 2n counts instead of three radix passes over 256 each.  A longer one takes two radix passes
 * of half the bits, both digits counted in one read of the keys.  Keys need not be stable: the sorted values
 * are the same whichever way they are sorted. */
void ns_sort_keys(uint32_t *a, uint32_t *tmp, size_t n, int bits)
{
    if (n < 16) {
        insert_sorted(a, a, n);
        return;
    }
    if (n < 1024) {
        int b = 0; /* at most 10 */
        while (b < bits && ((size_t)1 << b) <= n)
            b++;
        int sh = bits + 8 - b;
        uint32_t count[1025];
        memset(count, 0, (((size_t)1 << b) + 1) * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(a[i] >> sh) + 1]++;
        for (size_t d = 1; d <= (size_t)1 << b; d++)
            count[d] += count[d - 1];
        for (size_t i = 0; i < n; i++)
            tmp[count[a[i] >> sh]++] = a[i];
        insert_sorted(a, tmp, n);
        return;
    }
    int w0 = (bits + 1) / 2, w1 = bits - w0;
    uint32_t m0 = ((uint32_t)1 << w0) - 1, m1 = ((uint32_t)1 << w1) - 1;
    uint32_t c0[4096], c1[4096];
    memset(c0, 0, ((size_t)m0 + 1) * sizeof *c0);
    memset(c1, 0, ((size_t)m1 + 1) * sizeof *c1);
    for (size_t i = 0; i < n; i++)
        c0[(a[i] >> 8) & m0]++, c1[(a[i] >> (8 + w0)) & m1]++;
    prefix_sums(c0, (size_t)m0 + 1);
    prefix_sums(c1, (size_t)m1 + 1);
    scatter_digit(a, tmp, n, 8, m0, c0);
    scatter_digit(tmp, a, n, 8 + w0, m1, c1);
}

/* The same sort for (row << 32 | index) pairs, by row (stable, so equal
 * rows keep their index order). */
void ns_sort_pairs(uint64_t *a, uint64_t *tmp, size_t n, int bits)
{
    uint64_t *src = a, *dst = tmp;
    size_t count[4097];
    if (wide_digits(n, bits)) {
        int w = (bits + 1) / 2;
        uint64_t mask = ((uint64_t)1 << w) - 1;
        for (int sh = 32; sh < 32 + bits; sh += w)
            RADIX_PASS(uint64_t, src, dst, n, sh, mask, count);
    } else {
        for (int sh = 32; sh < 32 + bits; sh += 8)
            RADIX_PASS(uint64_t, src, dst, n, sh, 0xFFu, count);
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}
