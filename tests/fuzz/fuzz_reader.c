/* fuzz_reader.c — the record reader of train / predict / eval (JSONL, CSV
 * with ',' or ';', TSV, text lines) from any bytes.
 *
 * The input is written to a memory file and read to its end in each
 * format, with and without a required label.  Every call must give a
 * record, the end, or NS_EINPUT with a message naming the file; a record's
 * text is its stated length, its line numbers never go back.  Any
 * violation aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "newssift.h"

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "fuzz_reader: %s:%d: check failed: %s\n", __FILE__, __LINE__, #c);      \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz_reader", 0);
    if (fd < 0)
        return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    static const ns_format fmts[] = {NS_FMT_JSONL, NS_FMT_CSV, NS_FMT_TSV, NS_FMT_TEXT};
    for (size_t f = 0; f < sizeof fmts / sizeof *fmts; f++)
        for (int need = 0; need < 2; need++) {
            ns_columns cols = {NULL, NULL, NULL, NULL, need};
            ns_reader *r = NULL;
            ns_error err;
            int rc = ns_reader_open(&r, path, fmts[f], &cols, &err);
            if (rc != NS_OK) {
                CHECK(rc == NS_EINPUT && r == NULL);
                CHECK(memchr(err.msg, 0, sizeof err.msg) && !strncmp(err.msg, path, strlen(path)));
                continue;
            }
            unsigned long line = 0;
            for (size_t k = 0; k < 100000; k++) {
                ns_record rec;
                int got = ns_reader_next(r, &rec, &err);
                if (got == 0)
                    break;
                if (got != 1) {
                    CHECK(got == NS_EINPUT);
                    CHECK(memchr(err.msg, 0, sizeof err.msg) && !strncmp(err.msg, path, strlen(path)));
                    break;
                }
                CHECK(rec.text != NULL && rec.line >= 1 && rec.line >= line);
                CHECK(rec.text_len <= size + 1 || fmts[f] == NS_FMT_JSONL); /* JSON escapes grow nothing */
                if (rec.text_len)
                    CHECK(memchr(rec.text, rec.text[rec.text_len - 1], rec.text_len) != NULL);
                if (need)
                    CHECK(rec.label != NULL);
                line = rec.line;
            }
            ns_reader_close(r);
        }
    close(fd);
    return 0;
}
