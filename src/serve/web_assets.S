/* web_assets.S — the web page, its script and style, and the example page,
 * embedded in the library as read-only data (assets.c serves them).  The
 * paths are relative to the repository root, where make runs the assembler;
 * the Makefile lists the files as prerequisites, so an edit rebuilds. */
#define ASSET(sym, path)                    \
    .globl sym;                             \
    .hidden sym;                            \
    .type sym, %object;                     \
    .balign 16;                             \
sym:                                        \
    .incbin path;                           \
sym##_end:                                  \
    .size sym, . - sym;                     \
    .globl sym##_len;                       \
    .hidden sym##_len;                      \
    .type sym##_len, %object;               \
    .balign 8;                              \
sym##_len:                                  \
    .quad sym##_end - sym;                  \
    .size sym##_len, 8;

    .section .rodata
ASSET(ns_web_index_html, "src/serve/web/index.html")
ASSET(ns_web_app_js, "src/serve/web/app.js")
ASSET(ns_web_style_css, "src/serve/web/style.css")
ASSET(ns_web_example_page, "examples/syria-page.txt")

    .section .note.GNU-stack, "", %progbits
