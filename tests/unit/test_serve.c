/* test_serve.c — the server's library API (ns_server_start / _port / _stop):
 * its errors as values, and a few requests over loopback on a free port to
 * show the pieces are wired (the routes and every bad input are tested
 * black-box by tests/cli/serve.sh).  NS_TEST_ROOT names the repository root
 * (tests/run-all sets it; "." when unset). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "newssift.h"
#include "repo_files.h"

static ns_server_options options(void)
{
    ns_server_options o = {0};
    o.analyzer.models_dir = path_of("models");
    o.threads = 2;
    o.read_timeout_ms = 5000;
    return o;
}

/* Sends req on a new connection and reads until the server closes it. */
static char *exchange(unsigned port, const char *req, size_t req_len, size_t *out_len)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct timeval tv = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(send(fd, req, req_len, MSG_NOSIGNAL), (ssize_t)req_len);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    assert_non_null(buf);
    for (;;) {
        if (n == cap) {
            buf = realloc(buf, (cap *= 2) + 1);
            assert_non_null(buf);
        }
        ssize_t k = recv(fd, buf + n, cap - n, 0);
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    close(fd);
    buf[n] = '\0';
    *out_len = n;
    return buf;
}

static void test_bad_options(void **state)
{
    (void)state;
    ns_server *s = NULL;
    ns_error err = {0};
    ns_server_options o = options();
    o.host = "localhost.invalid";
    assert_int_equal(ns_server_start(&s, &o, &err), NS_EUSAGE);
    assert_null(s);
    assert_non_null(strstr(err.msg, "localhost.invalid"));

    o = options();
    o.port = 70000;
    assert_int_equal(ns_server_start(&s, &o, &err), NS_EUSAGE);

    o = options();
    o.analyzer.models_dir = path_of("tests/no-such-models");
    assert_int_equal(ns_server_start(&s, &o, &err), NS_EINPUT);
    assert_null(s);
}

static int log_lines;
static void count_log(void *ctx, const char *line)
{
    (void)ctx, (void)line;
    log_lines++;
}

static void test_serves_and_stops(void **state)
{
    (void)state;
    ns_server *s = NULL, *s2 = NULL;
    ns_error err = {0};
    ns_server_options o = options();
    o.log = count_log;
    assert_int_equal(ns_server_start(&s, &o, &err), NS_OK);
    unsigned port = ns_server_port(s);
    assert_true(port > 0);

    /* the same port again: a system error that says why */
    ns_server_options o2 = options();
    o2.port = port;
    assert_int_equal(ns_server_start(&s2, &o2, &err), NS_ESYSTEM);
    assert_null(s2);
    assert_non_null(strstr(err.msg, "port"));

    size_t n;
    static const char health[] = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    char *r = exchange(port, health, sizeof health - 1, &n);
    assert_non_null(strstr(r, "HTTP/1.1 200"));
    assert_non_null(strstr(r, "{\"status\": \"ok\""));
    free(r);

    /* the embedded page is the file's bytes */
    size_t page_len;
    char *page = read_all(path_of("src/serve/web/index.html"), &page_len);
    static const char root[] = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    r = exchange(port, root, sizeof root - 1, &n);
    char *body = strstr(r, "\r\n\r\n");
    assert_non_null(body);
    assert_int_equal(n - (size_t)(body + 4 - r), page_len);
    assert_memory_equal(body + 4, page, page_len);
    free(page);
    free(r);

    size_t ex_len;
    char *ex = read_all(path_of("examples/syria-page.txt"), &ex_len);
    char head[256];
    int hl =
        snprintf(head, sizeof head,
                 "POST /v1/analyze HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/plain\r\n"
                 "Content-Length: %zu\r\n\r\n",
                 ex_len);
    char *req = malloc((size_t)hl + ex_len);
    assert_non_null(req);
    memcpy(req, head, (size_t)hl);
    memcpy(req + hl, ex, ex_len);
    r = exchange(port, req, (size_t)hl + ex_len, &n);
    assert_non_null(strstr(r, "HTTP/1.1 200"));
    assert_non_null(strstr(r, "\"verdict\": \"unreliable\""));
    free(r);
    free(req);
    free(ex);

    static const char nosuch[] = "GET /nosuch HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    r = exchange(port, nosuch, sizeof nosuch - 1, &n);
    assert_non_null(strstr(r, "HTTP/1.1 404"));
    assert_non_null(strstr(r, "{\"error\": \"not_found\""));
    free(r);

    ns_server_stop(s, 5000);
    ns_server_stop(NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_serves_and_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
