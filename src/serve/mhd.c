/* mhd.c — opening libmicrohttpd on demand (why: mhd.h). */
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

#include "serve/mhd.h"

/* The build names the soname of the libmicrohttpd it compiled against, so
 * the library opened is the one whose header the table was typed from. */
#ifndef NS_MHD_SONAME
#define NS_MHD_SONAME "libmicrohttpd.so.12"
#endif

ns_mhd_api ns_mhd;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static ns_error open_err;

/* The symbol's address into *slot; a data pointer and a function pointer
 * have the same representation on every platform dlsym serves (POSIX). */
static int bind_fn(void *lib, const char *name, void *slot)
{
    void *f = dlsym(lib, name);
    if (!f)
        return ns_fail(&open_err, NS_ESYSTEM, "%s has no function %s: %s", NS_MHD_SONAME, name, dlerror());
    memcpy(slot, &f, sizeof f);
    return NS_OK;
}

static void open_once(void)
{
    void *lib = dlopen(NS_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        ns_fail(&open_err, NS_ESYSTEM,
                "cannot serve without libmicrohttpd: %s (Debian: apt-get install libmicrohttpd12)",
                dlerror());
        return;
    }
    ns_mhd_api a;
    if (bind_fn(lib, "MHD_start_daemon", &a.start_daemon) ||
        bind_fn(lib, "MHD_stop_daemon", &a.stop_daemon) ||
        bind_fn(lib, "MHD_add_connection", &a.add_connection) ||
        bind_fn(lib, "MHD_get_connection_info", &a.get_connection_info) ||
        bind_fn(lib, "MHD_lookup_connection_value", &a.lookup_connection_value) ||
        bind_fn(lib, "MHD_suspend_connection", &a.suspend_connection) ||
        bind_fn(lib, "MHD_resume_connection", &a.resume_connection) ||
        bind_fn(lib, "MHD_create_response_from_buffer", &a.create_response_from_buffer) ||
        bind_fn(lib, "MHD_create_response_from_callback", &a.create_response_from_callback) ||
        bind_fn(lib, "MHD_add_response_header", &a.add_response_header) ||
        bind_fn(lib, "MHD_queue_response", &a.queue_response) ||
        bind_fn(lib, "MHD_destroy_response", &a.destroy_response)) {
        dlclose(lib);
        return;
    }
    ns_mhd = a; /* the library stays open for the process's life */
}

int ns_mhd_open(ns_error *err)
{
    pthread_once(&once, open_once);
    if (open_err.code)
        *err = open_err;
    return open_err.code;
}
