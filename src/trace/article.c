/* article.c — one reference article from one JSONL line.
 *
 * {"id", "text", "url"?, "title"?, "date"?, "outlet"?}: id a non-empty
 * string (or an integer, kept as its decimal text), text a string with at
 * least one non-space character and at most NS_TR_MAX_TEXT bytes, the others
 * strings or null.  Other keys ("origin", ...) are ignored; a key given
 * twice is an error, since which one counts would be a guess. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "trace/trace.h"

void ns_tr_article_clear(ns_tr_article *a)
{
    if (a->root)
        json_decref(a->root);
    memset(a, 0, sizeof *a);
}

/* An optional string field: absent or null leaves *s NULL. */
static int opt_string(json_t *o, const char *key, size_t max, const char **s, size_t *n, const char *name,
                      unsigned long line, ns_error *err)
{
    json_t *v = json_object_get(o, key);
    *s = NULL, *n = 0;
    if (!v || json_is_null(v))
        return NS_OK;
    if (!json_is_string(v))
        return ns_fail(err, NS_EINPUT, "%s:%lu: \"%s\" must be a string or null", name, line, key);
    *n = json_string_length(v);
    if (*n > max)
        return ns_fail(err, NS_EINPUT, "%s:%lu: \"%s\" is %zu bytes; at most %zu are allowed", name, line,
                       key, *n, max);
    *s = json_string_value(v);
    return NS_OK;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

int ns_tr_article_parse(ns_tr_article *a, const char *line, size_t len, const char *name,
                        unsigned long lineno, ns_error *err)
{
    memset(a, 0, sizeof *a);
    /* A text over the limit is refused before jansson copies it: even with
     * every character escaped as \uXXXX, such a line is over 6 x the limit. */
    if (len > 6 * (size_t)NS_TR_MAX_TEXT + (1u << 20))
        return ns_fail(err, NS_EINPUT, "%s:%lu: a line of %zu bytes; an article's text is at most %u MiB",
                       name, lineno, len, NS_TR_MAX_TEXT >> 20);
    json_error_t je;
    a->root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
    if (!a->root) {
        if (json_error_code(&je) == json_error_out_of_memory)
            return ns_fail(err, NS_ESYSTEM, "%s:%lu: out of memory", name, lineno);
        return ns_fail(err, NS_EINPUT, "%s:%lu: column %d: %s", name, lineno, je.column, je.text);
    }
    int rc = NS_OK;
    json_t *o = a->root, *id = json_object_get(o, "id"), *text = json_object_get(o, "text");
    if (!json_is_object(o)) {
        rc = ns_fail(err, NS_EINPUT, "%s:%lu: an article must be a JSON object", name, lineno);
    } else if (!id || json_is_null(id)) {
        rc = ns_fail(err, NS_EINPUT, "%s:%lu: the article has no \"id\"", name, lineno);
    } else if (json_is_integer(id)) {
        snprintf(a->id_buf, sizeof a->id_buf, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
        a->id = a->id_buf, a->id_len = strlen(a->id_buf);
    } else if (!json_is_string(id) || !json_string_length(id)) {
        rc = ns_fail(err, NS_EINPUT, "%s:%lu: \"id\" must be a non-empty string or an integer", name, lineno);
    } else if (json_string_length(id) > 1024) {
        rc = ns_fail(err, NS_EINPUT, "%s:%lu: \"id\" is %zu bytes; at most 1024 are allowed", name, lineno,
                     json_string_length(id));
    } else {
        a->id = json_string_value(id), a->id_len = json_string_length(id);
    }
    if (!rc) {
        if (!text || json_is_null(text))
            rc = ns_fail(err, NS_EINPUT, "%s:%lu: article \"%.100s\" has no \"text\"", name, lineno, a->id);
        else if (!json_is_string(text))
            rc = ns_fail(err, NS_EINPUT, "%s:%lu: article \"%.100s\": \"text\" must be a string", name,
                         lineno, a->id);
        else if (json_string_length(text) > NS_TR_MAX_TEXT)
            rc = ns_fail(err, NS_EINPUT, "%s:%lu: article \"%.100s\": its text is %.1f MiB; at most %u MiB",
                         name, lineno, a->id, json_string_length(text) / 1048576.0, NS_TR_MAX_TEXT >> 20);
        else if (blank(json_string_value(text), json_string_length(text)))
            rc = ns_fail(err, NS_EINPUT, "%s:%lu: article \"%.100s\" is empty (its text is blank)", name,
                         lineno, a->id);
        else
            a->text = json_string_value(text), a->text_len = json_string_length(text);
    }
    if (!rc)
        rc = opt_string(o, "url", 8192, &a->url, &a->url_len, name, lineno, err);
    if (!rc)
        rc = opt_string(o, "title", 65536, &a->title, &a->title_len, name, lineno, err);
    if (!rc)
        rc = opt_string(o, "date", 256, &a->date, &a->date_len, name, lineno, err);
    if (!rc)
        rc = opt_string(o, "outlet", 1024, &a->outlet, &a->outlet_len, name, lineno, err);
    if (rc)
        ns_tr_article_clear(a);
    return rc;
}

size_t ns_tr_article_bytes(const ns_tr_article *a)
{
    return a->id_len + a->url_len + a->title_len + a->date_len + a->outlet_len + a->text_len;
}
