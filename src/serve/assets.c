/* assets.c — the files the server holds in its binary (web_assets.S): the
 * web page at /, its script and style, and the example page the web page
 * offers as "the bundled example". */
#include <string.h>

#include "serve/serve.h"

extern const char ns_web_index_html[], ns_web_app_js[], ns_web_style_css[], ns_web_example_page[];
extern const uint64_t ns_web_index_html_len, ns_web_app_js_len, ns_web_style_css_len, ns_web_example_page_len;

int web_asset(const char *url, const void **data, size_t *len, const char **content_type)
{
    const struct {
        const char *url;
        const char *data;
        const uint64_t *len;
        const char *type;
    } files[] = {
        {"/", ns_web_index_html, &ns_web_index_html_len, "text/html; charset=utf-8"},
        {"/index.html", ns_web_index_html, &ns_web_index_html_len, "text/html; charset=utf-8"},
        {"/app.js", ns_web_app_js, &ns_web_app_js_len, "text/javascript; charset=utf-8"},
        {"/style.css", ns_web_style_css, &ns_web_style_css_len, "text/css; charset=utf-8"},
        {"/examples/syria-page.txt", ns_web_example_page, &ns_web_example_page_len,
         "text/plain; charset=utf-8"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (!strcmp(url, files[i].url)) {
            *data = files[i].data;
            *len = (size_t)*files[i].len;
            *content_type = files[i].type;
            return 1;
        }
    return 0;
}
