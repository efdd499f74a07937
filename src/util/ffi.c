/* ffi.c — what a caller through a foreign-function interface needs beyond
 * the C API: freeing the library's strings with the library's allocator
 * (a binding may link another C runtime than the library's), and the
 * version of the library actually loaded. */
#include <stdlib.h>

#include "newssift.h"

void ns_free(void *p)
{
    free(p);
}

const char *ns_version(void)
{
    return NS_VERSION;
}
