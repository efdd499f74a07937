/* outfile.c — output that is complete or absent, never partial.
 *
 * Data is written to "PATH.tmp-XXXXXX" in the same folder (so the rename
 * stays within one file system) and renamed over PATH only when every write
 * and the flush succeeded.  Standard output is written directly. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newssift.h"

struct ns_outfile {
    FILE *f;
    char *path, *tmp;
};

int ns_outfile_open(ns_outfile **out, const char *path, ns_error *err)
{
    ns_outfile *o = calloc(1, sizeof *o);
    if (!o)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    if (!path || !strcmp(path, "-")) {
        o->f = stdout;
        *out = o;
        return NS_OK;
    }
    size_t n = strlen(path);
    o->path = strdup(path);
    o->tmp = malloc(n + 16);
    if (!o->path || !o->tmp) {
        free(o->path), free(o->tmp), free(o);
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    }
    snprintf(o->tmp, n + 16, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0 || !(o->f = fdopen(fd, "wb"))) {
        int e = errno;
        if (fd >= 0)
            close(fd), unlink(o->tmp);
        free(o->path), free(o->tmp), free(o);
        return ns_fail(err, e == ENOSPC ? NS_ESYSTEM : NS_EINPUT, "%s: cannot create: %s", path, strerror(e));
    }
    /* mkstemp makes 0600; an output file should have the usual 0666 & ~umask */
    mode_t um = umask(0);
    umask(um);
    fchmod(fd, 0666 & ~um);
    *out = o;
    return NS_OK;
}

int ns_outfile_write(ns_outfile *o, const void *data, size_t len, ns_error *err)
{
    if (len && fwrite(data, 1, len, o->f) != len)
        return ns_fail(err, NS_ESYSTEM, "%s: write failed: %s", o->path ? o->path : "stdout",
                       strerror(errno));
    return NS_OK;
}

FILE *ns_outfile_stream(ns_outfile *o)
{
    return o->f;
}

int ns_outfile_close(ns_outfile *o, int commit, ns_error *err)
{
    int rc = NS_OK;
    if (!o)
        return rc;
    const char *name = o->path ? o->path : "stdout";
    if (!o->path) {
        if (fflush(o->f) != 0 || ferror(o->f))
            rc = ns_fail(err, NS_ESYSTEM, "%s: write failed: %s", name, strerror(errno));
        free(o);
        return rc;
    }
    if (commit) {
        /* No fsync: the rename makes the file appear whole or not at all
         * to every reader; surviving power loss is not promised, and an
         * fsync costs more than training a small model. */
        if (fflush(o->f) != 0 || ferror(o->f))
            rc = ns_fail(err, NS_ESYSTEM, "%s: write failed: %s", name, strerror(errno));
    }
    if (fclose(o->f) != 0 && commit && !rc)
        rc = ns_fail(err, NS_ESYSTEM, "%s: write failed: %s", name, strerror(errno));
    if (commit && !rc && rename(o->tmp, o->path) != 0)
        rc = ns_fail(err, NS_ESYSTEM, "%s: cannot rename into place: %s", name, strerror(errno));
    if (!commit || rc)
        unlink(o->tmp);
    free(o->path), free(o->tmp), free(o);
    return rc;
}
