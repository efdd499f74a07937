/* key_sort.h — sorting feature keys by bucket (see key_sort.c). */
#ifndef NS_KEY_SORT_H
#define NS_KEY_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sorts the keys a[0..n) (bucket << 8 | weight, buckets of `bits` bits)
 * by bucket, a bucket's keys in any order; tmp holds n keys. */
void ns_sort_keys(uint32_t *a, uint32_t *tmp, size_t n, int bits);

/* Sorts (row << 32 | index) pairs by row, stably; tmp holds n pairs. */
void ns_sort_pairs(uint64_t *a, uint64_t *tmp, size_t n, int bits);

#endif
