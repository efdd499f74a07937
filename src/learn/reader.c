/* reader.c — labelled and unlabelled records from JSONL, CSV, TSV or text.
 *
 * Records stream one at a time, so predicting over a 10 GB file needs the
 * memory of its longest record only.  Every error names the file and the
 * line where the record starts.  Text must be valid UTF-8: a byte that is
 * not is reported with its line and column rather than silently guessed. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/jsonl_fast.h"
#include "newssift.h"

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

struct ns_reader {
    FILE *f;
    int own;
    char *name;
    ns_format fmt;
    ns_columns cols;
    char *line;
    size_t line_cap;
    unsigned long lineno;
    /* CSV/TSV: column positions of the wanted fields, -1 when absent */
    int c_text, c_label, c_title, c_id, ncols;
    char sep;
    buf *fields; /* current record's fields */
    size_t nfields_cap;
    buf text, id, label;
    json_t *json;
};

/* Room for n more bytes and a NUL; -1 when out of memory. */
static int buf_room(buf *b, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 256;
        while (c < b->n + n + 1)
            c *= 2;
        char *p = realloc(b->p, c);
        if (!p)
            return -1;
        b->p = p, b->cap = c;
    }
    return 0;
}

static int buf_put(buf *b, const char *s, size_t n)
{
    if (buf_room(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

ns_format ns_format_from_name(const char *name)
{
    static const struct {
        const char *name;
        ns_format f;
    } names[] = {
        {"auto", NS_FMT_AUTO}, {"jsonl", NS_FMT_JSONL}, {"json", NS_FMT_JSONL}, {"csv", NS_FMT_CSV},
        {"tsv", NS_FMT_TSV},   {"text", NS_FMT_TEXT},   {"txt", NS_FMT_TEXT},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i].name))
            return names[i].f;
    return (ns_format)-1;
}

static ns_format format_from_path(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot || strchr(dot, '/'))
        return NS_FMT_JSONL;
    ns_format f = ns_format_from_name(dot + 1);
    return f == (ns_format)-1 || f == NS_FMT_AUTO ? NS_FMT_JSONL : f;
}

/* Reads one physical line (without its newline) into r->line.  Returns its
 * length, -1 at end of input, -2 on a read error. */
static ssize_t read_line(ns_reader *r)
{
    errno = 0;
    ssize_t n = getline(&r->line, &r->line_cap, r->f);
    if (n < 0)
        return ferror(r->f) ? -2 : -1;
    r->lineno++;
    if (n && r->line[n - 1] == '\n')
        r->line[--n] = '\0';
    if (n && r->line[n - 1] == '\r')
        r->line[--n] = '\0';
    return n;
}

/* Excel's "Unicode Text" and Notepad's "Unicode" are UTF-16: the first
 * line saying so gets that said, rather than "no text column" or
 * "invalid JSON". */
static int utf16_file(ns_reader *r, ssize_t n, ns_error *err)
{
    const unsigned char *u = (const unsigned char *)r->line;
    if (r->lineno == 1 && n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return ns_fail(err, NS_EINPUT,
                       "%s: byte 0: the file is UTF-16; save it as UTF-8 (iconv -f UTF-16 -t UTF-8)",
                       r->name);
    return NS_OK;
}

static int check_utf8(ns_reader *r, const char *s, size_t n, unsigned long line, ns_error *err)
{
    size_t bad;
    if (!ns_utf8_valid(s, n, &bad))
        return ns_fail(err, NS_EINPUT, "%s:%lu: invalid UTF-8 (byte %zu of the record)", r->name, line,
                       bad + 1);
    return NS_OK;
}

/* Splits one CSV/TSV record, which may span lines inside quotes. */
static int csv_record(ns_reader *r, ssize_t n, size_t *nf, ns_error *err)
{
    unsigned long start = r->lineno;
    size_t k = 0;
    size_t i = 0;
    for (;;) {
        if (k == r->nfields_cap) {
            size_t c = r->nfields_cap ? r->nfields_cap * 2 : 16;
            buf *p = realloc(r->fields, c * sizeof *p);
            if (!p)
                return ns_fail(err, NS_ESYSTEM, "out of memory");
            memset(p + r->nfields_cap, 0, (c - r->nfields_cap) * sizeof *p);
            r->fields = p, r->nfields_cap = c;
        }
        buf *f = &r->fields[k++];
        f->n = 0;
        if (buf_put(f, "", 0) < 0)
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        /* TSV has no quoting (a tweet's lone quote must not swallow the
         * lines after it); CSV, with ',' or ';', follows RFC 4180. */
        if (r->sep != '\t' && i < (size_t)n && r->line[i] == '"') {
            i++;
            for (;;) {
                if (i >= (size_t)n) { /* the quoted field goes on: next line */
                    if (buf_put(f, "\n", 1) < 0)
                        return ns_fail(err, NS_ESYSTEM, "out of memory");
                    n = read_line(r);
                    if (n == -2)
                        return ns_fail(err, NS_ESYSTEM, "%s: read error: %s", r->name, strerror(errno));
                    if (n < 0)
                        return ns_fail(err, NS_EINPUT, "%s:%lu: quoted field never closed", r->name, start);
                    i = 0;
                    continue;
                }
                char c = r->line[i++];
                if (c == '"') {
                    if (i < (size_t)n && r->line[i] == '"') {
                        i++;
                        if (buf_put(f, "\"", 1) < 0)
                            return ns_fail(err, NS_ESYSTEM, "out of memory");
                        continue;
                    }
                    break;
                }
                if (buf_put(f, &c, 1) < 0)
                    return ns_fail(err, NS_ESYSTEM, "out of memory");
            }
            /* anything between the closing quote and the separator is kept */
        }
        size_t j = i;
        while (j < (size_t)n && r->line[j] != r->sep)
            j++;
        if (buf_put(f, r->line + i, j - i) < 0)
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        if (j >= (size_t)n)
            break;
        i = j + 1;
    }
    *nf = k;
    return NS_OK;
}

static int find_col(ns_reader *r, size_t nf, const char *want)
{
    for (size_t i = 0; i < nf; i++)
        if (!strcmp(r->fields[i].p, want))
            return (int)i;
    return -1;
}

static int csv_header(ns_reader *r, ns_error *err)
{
    ssize_t n = read_line(r);
    if (n == -2)
        return ns_fail(err, NS_ESYSTEM, "%s: read error: %s", r->name, strerror(errno));
    if (n < 0)
        return ns_fail(err, NS_EINPUT, "%s:1: empty file (a header row is needed)", r->name);
    if (utf16_file(r, n, err))
        return NS_EINPUT;
    if (n >= 3 && !memcmp(r->line, "\xEF\xBB\xBF", 3)) /* byte-order mark */
        memmove(r->line, r->line + 3, (size_t)(n -= 3) + 1);
    /* Excel where the decimal mark is a comma writes CSV with ';' between
     * fields: a header with semicolons and no comma says so */
    if (r->sep == ',' && !memchr(r->line, ',', (size_t)n) && memchr(r->line, ';', (size_t)n))
        r->sep = ';';
    size_t nf;
    int rc = csv_record(r, n, &nf, err);
    if (rc)
        return rc;
    r->ncols = (int)nf;
    r->c_text = find_col(r, nf, r->cols.text);
    r->c_label = find_col(r, nf, r->cols.label);
    r->c_title = find_col(r, nf, r->cols.title);
    r->c_id = find_col(r, nf, r->cols.id);
    if (r->c_text < 0)
        return ns_fail(err, NS_EINPUT, "%s:1: no text column named '%s' in the header", r->name,
                       r->cols.text);
    if (r->cols.need_label && r->c_label < 0)
        return ns_fail(err, NS_EINPUT, "%s:1: no label column named '%s' in the header", r->name,
                       r->cols.label);
    return NS_OK;
}

int ns_reader_open(ns_reader **out, const char *path, ns_format fmt, const ns_columns *cols, ns_error *err)
{
    *out = NULL;
    ns_reader *r = calloc(1, sizeof *r);
    if (!r)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    int use_stdin = !path || !strcmp(path, "-");
    r->name = strdup(use_stdin ? "<stdin>" : path);
    if (!r->name) {
        free(r);
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    }
    r->cols.text = cols && cols->text ? cols->text : "text";
    r->cols.label = cols && cols->label ? cols->label : "label";
    r->cols.title = cols && cols->title ? cols->title : "title";
    r->cols.id = cols && cols->id ? cols->id : "id";
    r->cols.need_label = cols ? cols->need_label : 0;
    r->fmt = fmt == NS_FMT_AUTO ? (use_stdin ? NS_FMT_JSONL : format_from_path(path)) : fmt;
    if (use_stdin) {
        r->f = stdin;
    } else if (!(r->f = fopen(path, "rb"))) {
        int rc = ns_fail(err, NS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
        ns_reader_close(r);
        return rc;
    } else {
        r->own = 1;
    }
    if (r->fmt == NS_FMT_CSV || r->fmt == NS_FMT_TSV) {
        r->sep = r->fmt == NS_FMT_CSV ? ',' : '\t';
        int rc = csv_header(r, err);
        if (rc) {
            ns_reader_close(r);
            return rc;
        }
    }
    *out = r;
    return NS_OK;
}

/* Accepts a string, or a number/boolean written as its JSON text. */
static int json_field(ns_reader *r, json_t *o, const char *key, int required, buf *b, int *present,
                      ns_error *err)
{
    json_t *v = json_object_get(o, key);
    *present = 0;
    b->n = 0;
    if (!v || json_is_null(v)) {
        if (required)
            return ns_fail(err, NS_EINPUT, "%s:%lu: missing \"%s\"", r->name, r->lineno, key);
        return NS_OK;
    }
    if (json_is_string(v)) {
        if (buf_put(b, json_string_value(v), json_string_length(v)) < 0)
            return ns_fail(err, NS_ESYSTEM, "out of memory");
    } else if (json_is_integer(v) || json_is_real(v) || json_is_boolean(v)) {
        char *s = json_dumps(v, JSON_ENCODE_ANY);
        int bad = !s || buf_put(b, s, strlen(s)) < 0;
        free(s);
        if (bad)
            return ns_fail(err, NS_ESYSTEM, "out of memory");
    } else {
        return ns_fail(err, NS_EINPUT, "%s:%lu: \"%s\" must be a string", r->name, r->lineno, key);
    }
    *present = 1;
    return NS_OK;
}

static int compose(ns_reader *r, const char *title, size_t tlen, const char *text, size_t n)
{
    r->text.n = 0;
    if (tlen && (buf_put(&r->text, title, tlen) < 0 || buf_put(&r->text, "\n", 1) < 0))
        return -1;
    return buf_put(&r->text, text, n);
}

/* The line read by jansson: any valid JSON, and the errors of the rest. */
static int jsonl_tree(ns_reader *r, size_t n, int *has_label, int *has_id, ns_error *err)
{
    json_error_t je;
    json_decref(r->json);
    r->json = json_loadb(r->line, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (!r->json) {
        if (!ns_utf8_valid(r->line, n, NULL))
            return check_utf8(r, r->line, n, r->lineno, err);
        return ns_fail(err, NS_EINPUT, "%s:%lu: invalid JSON at column %d: %s", r->name, r->lineno, je.column,
                       je.text);
    }
    if (!json_is_object(r->json))
        return ns_fail(err, NS_EINPUT, "%s:%lu: expected a JSON object", r->name, r->lineno);
    int rc;
    /* The common case, string text and title, composes straight from the
     * parsed strings; other types go through json_field's conversion. */
    json_t *jt = json_object_get(r->json, r->cols.text), *jh = json_object_get(r->json, r->cols.title);
    if (json_is_string(jt) && (!jh || json_is_null(jh) || json_is_string(jh))) {
        if (compose(r, jh && json_is_string(jh) ? json_string_value(jh) : NULL,
                    jh && json_is_string(jh) ? json_string_length(jh) : 0, json_string_value(jt),
                    json_string_length(jt)) < 0)
            return ns_fail(err, NS_ESYSTEM, "out of memory");
    } else {
        buf title = {0};
        int has_text, has_title;
        if ((rc = json_field(r, r->json, r->cols.text, 1, &r->label, &has_text, err)) ||
            (rc = json_field(r, r->json, r->cols.title, 0, &title, &has_title, err))) {
            free(title.p);
            return rc;
        }
        rc = compose(r, title.p, title.n, r->label.p, r->label.n) < 0;
        free(title.p);
        if (rc)
            return ns_fail(err, NS_ESYSTEM, "out of memory");
    }
    if ((rc = json_field(r, r->json, r->cols.label, r->cols.need_label, &r->label, has_label, err)) ||
        (rc = json_field(r, r->json, r->cols.id, 0, &r->id, has_id, err)))
        return rc;
    return NS_OK;
}

/* The line read by jsonl_fast.c's scanner when it can (the fields'
 * values exactly as jansson would give them): 1 when it did, 0 when
 * jansson must, -1 when out of memory. */
static int jsonl_fast(ns_reader *r, size_t n, int *has_label, int *has_id)
{
    const char *keys[4] = {r->cols.text, r->cols.title, r->cols.label, r->cols.id};
    ns_jsonl_field f[4];
    if (!ns_jsonl_scan(r->line, n, keys, 4, f))
        return 0;
    const ns_jsonl_field *text = &f[0], *title = &f[1], *label = &f[2], *id = &f[3];
    /* numbers and booleans are written out by jansson; missing fields
     * are reported from its tree */
    if (text->kind != NS_JF_STRING || title->kind == NS_JF_OTHER || label->kind == NS_JF_OTHER ||
        id->kind == NS_JF_OTHER || (r->cols.need_label && label->kind != NS_JF_STRING))
        return 0;
    size_t tl = title->kind == NS_JF_STRING ? title->n : 0;
    r->text.n = 0;
    if (buf_room(&r->text, tl + 1 + text->n) < 0)
        return -1;
    size_t w = tl ? ns_jsonl_unescape(title, r->text.p) : 0;
    if (w)
        r->text.p[w++] = '\n';
    w += ns_jsonl_unescape(text, r->text.p + w);
    r->text.p[w] = '\0';
    r->text.n = w;
    *has_label = label->kind == NS_JF_STRING, *has_id = id->kind == NS_JF_STRING;
    r->label.n = r->id.n = 0;
    if ((*has_label && buf_room(&r->label, label->n) < 0) || (*has_id && buf_room(&r->id, id->n) < 0))
        return -1;
    if (*has_label)
        r->label.p[r->label.n = ns_jsonl_unescape(label, r->label.p)] = '\0';
    if (*has_id)
        r->id.p[r->id.n = ns_jsonl_unescape(id, r->id.p)] = '\0';
    return 1;
}

enum { SKIP_NONE, SKIP_EMPTY, SKIP_SPACES };

/* The next record's line into r->line, passing over empty lines (skip
 * SKIP_EMPTY) or lines of spaces and tabs too (SKIP_SPACES): 1 with *len
 * its length, 0 at the end of the input, or an error. */
static int next_line(ns_reader *r, int skip, ssize_t *len, ns_error *err)
{
    ssize_t n;
    do {
        n = read_line(r);
        if (n == -2)
            return ns_fail(err, NS_ESYSTEM, "%s: read error: %s", r->name, strerror(errno));
        if (n < 0)
            return 0;
    } while ((skip == SKIP_EMPTY && n == 0) || (skip == SKIP_SPACES && strspn(r->line, " \t") == (size_t)n));
    if (utf16_file(r, n, err))
        return NS_EINPUT;
    *len = n;
    return 1;
}

static int next_jsonl(ns_reader *r, ns_record *rec, ns_error *err)
{
    ssize_t n;
    int rc = next_line(r, SKIP_SPACES, &n, err);
    if (rc != 1)
        return rc;
    if (r->lineno == 1 && n >= 3 && !memcmp(r->line, "\xEF\xBB\xBF", 3)) /* byte-order mark */
        memmove(r->line, r->line + 3, (size_t)(n -= 3) + 1);
    int has_label, has_id;
    rc = jsonl_fast(r, (size_t)n, &has_label, &has_id);
    if (rc < 0)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    if (!rc) {
        rc = jsonl_tree(r, (size_t)n, &has_label, &has_id, err);
        if (rc)
            return rc;
    }
    if (has_label && r->label.n == 0) { /* as in CSV: an empty label is no label */
        if (r->cols.need_label)
            return ns_fail(err, NS_EINPUT, "%s:%lu: empty \"%s\"", r->name, r->lineno, r->cols.label);
        has_label = 0;
    }
    rec->text = r->text.p, rec->text_len = r->text.n;
    rec->label = has_label ? r->label.p : NULL;
    rec->id = has_id ? r->id.p : NULL;
    rec->line = r->lineno;
    return 1;
}

static int next_csv(ns_reader *r, ns_record *rec, ns_error *err)
{
    ssize_t n;
    int rc = next_line(r, SKIP_EMPTY, &n, err);
    if (rc != 1)
        return rc;
    unsigned long start = r->lineno;
    size_t nf;
    rc = csv_record(r, n, &nf, err);
    if (rc)
        return rc;
    int need = r->c_text;
    if (r->cols.need_label && r->c_label > need)
        need = r->c_label;
    if ((int)nf <= need)
        return ns_fail(err, NS_EINPUT, "%s:%lu: %zu fields, but the header has %d", r->name, start, nf,
                       r->ncols);
    const buf *text = &r->fields[r->c_text];
    const buf *title = r->c_title >= 0 && r->c_title < (int)nf ? &r->fields[r->c_title] : NULL;
    if (compose(r, title ? title->p : NULL, title ? title->n : 0, text->p, text->n) < 0)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    rec->label = r->c_label >= 0 && r->c_label < (int)nf ? r->fields[r->c_label].p : NULL;
    if (rec->label && !*rec->label) {
        if (r->cols.need_label)
            return ns_fail(err, NS_EINPUT, "%s:%lu: empty label", r->name, start);
        rec->label = NULL;
    }
    rec->id = r->c_id >= 0 && r->c_id < (int)nf ? r->fields[r->c_id].p : NULL;
    rec->text = r->text.p, rec->text_len = r->text.n;
    rec->line = start;
    if ((rc = check_utf8(r, rec->text, rec->text_len, start, err)) ||
        (rec->label && (rc = check_utf8(r, rec->label, strlen(rec->label), start, err))) ||
        (rec->id && (rc = check_utf8(r, rec->id, strlen(rec->id), start, err))))
        return rc;
    return 1;
}

static int next_text(ns_reader *r, ns_record *rec, ns_error *err)
{
    ssize_t n;
    int rc = next_line(r, SKIP_NONE, &n, err);
    if (rc != 1)
        return rc;
    rc = check_utf8(r, r->line, (size_t)n, r->lineno, err);
    if (rc)
        return rc;
    if (r->cols.need_label)
        return ns_fail(err, NS_EINPUT, "%s:%lu: plain text has no labels; use JSONL, CSV or TSV", r->name,
                       r->lineno);
    rec->text = r->line, rec->text_len = (size_t)n;
    rec->label = NULL, rec->id = NULL;
    rec->line = r->lineno;
    return 1;
}

int ns_reader_next(ns_reader *r, ns_record *rec, ns_error *err)
{
    switch (r->fmt) {
    case NS_FMT_CSV:
    case NS_FMT_TSV: return next_csv(r, rec, err);
    case NS_FMT_TEXT: return next_text(r, rec, err);
    default: return next_jsonl(r, rec, err);
    }
}

void ns_reader_close(ns_reader *r)
{
    if (!r)
        return;
    if (r->own && r->f)
        fclose(r->f);
    for (size_t i = 0; i < r->nfields_cap; i++)
        free(r->fields[i].p);
    free(r->fields);
    free(r->line);
    free(r->text.p), free(r->id.p), free(r->label.p);
    json_decref(r->json);
    free(r->name);
    free(r);
}
