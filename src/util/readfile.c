/* readfile.c — a whole file, or a whole stream, into memory. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "newssift.h"

int ns_read_stream(FILE *f, const char *name, char **out, size_t *len, ns_error *err)
{
    char *buf = NULL;
    size_t n = 0, cap = 0, k;
    *out = NULL, *len = 0;
    do {
        if (cap - n < 65536) {
            size_t c = cap ? cap * 2 : 1 << 16;
            char *p = realloc(buf, c + 1);
            if (!p) {
                free(buf);
                return ns_fail(err, NS_ESYSTEM, "out of memory reading %s", name);
            }
            buf = p, cap = c;
        }
        k = fread(buf + n, 1, cap - n, f);
        n += k;
    } while (k > 0);
    if (ferror(f)) {
        int e = errno;
        free(buf);
        return ns_fail(err, NS_ESYSTEM, "%s: read error: %s", name, strerror(e));
    }
    buf[n] = '\0';
    *out = buf, *len = n;
    return NS_OK;
}

int ns_read_file(const char *path, char **out, size_t *len, ns_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ns_fail(err, NS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    int rc = ns_read_stream(f, path, out, len, err);
    fclose(f);
    return rc;
}
