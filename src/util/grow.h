/* grow.h — room for at least `need` elements in a realloc'd array. */
#ifndef NS_UTIL_GROW_H
#define NS_UTIL_GROW_H

#include <stdint.h>
#include <stdlib.h>

/* Makes *p hold at least need elements of elem bytes, doubling *cap from 16
 * so that n appends cost O(n); *p and *cap are left as they were when the
 * memory is refused or the size would overflow.  Inline: the featurizer
 * calls it for every key, and nearly always there is room. */
static inline int ns_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return -1;
        c *= 2;
    }
    if (c > SIZE_MAX / elem)
        return -1;
    void *q = realloc(*p, c * elem);
    if (!q)
        return -1;
    *p = q, *cap = c;
    return 0;
}

#endif
