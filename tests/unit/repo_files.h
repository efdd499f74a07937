/* repo_files.h — the repository's files for unit tests: NS_TEST_ROOT names
 * the repository root (tests/run-all sets it; "." when unset).  Include
 * after <cmocka.h> and "newssift.h" (for ns_read_file). */
#ifndef NS_TESTS_REPO_FILES_H
#define NS_TESTS_REPO_FILES_H

#include <stdio.h>
#include <stdlib.h>

/* rel under the root; eight results may be live at once */
static const char *path_of(const char *rel)
{
    static char buf[8][4096];
    static int k;
    const char *r = getenv("NS_TEST_ROOT");
    char *p = buf[k++ & 7];
    snprintf(p, 4096, "%s/%s", r && *r ? r : ".", rel);
    return p;
}

/* The whole file, NUL-terminated; a failed read fails the test.  Not
 * inlined: gcc 12 then takes pointers into the file for pointers to the
 * local out-parameter (a false -Wdangling-pointer). */
static __attribute__((noinline)) char *read_all(const char *path, size_t *len)
{
    char *data = NULL;
    ns_error err = {0};
    int rc = ns_read_file(path, &data, len, &err);
    if (rc != NS_OK)
        fail_msg("%s", err.msg);
    return data;
}

#endif
