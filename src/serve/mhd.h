/* mhd.h — libmicrohttpd, opened when a server starts instead of when the
 * program does.
 *
 * Debian's libmicrohttpd brings GnuTLS with it (nettle, hogweed, gmp,
 * p11-kit, libtasn1, libidn2, libunistring), and loading and initialising
 * those cost every run of the program about 5 ms (bench: the start
 * section), though only `serve` answers HTTP.  So the library is not linked
 * but opened by ns_mhd_open on the first ns_server_start, and the MHD_*
 * calls of the server files go through a table of its functions.  The
 * macros keep MHD's own names at the call sites, so they read as its
 * manual does; the types and constants still come from microhttpd.h. */
#ifndef NS_SERVE_MHD_H
#define NS_SERVE_MHD_H

#include <microhttpd.h>

#include "newssift.h"

typedef struct ns_mhd_api {
    struct MHD_Daemon *(*start_daemon)(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc,
                                       void *apc_cls, MHD_AccessHandlerCallback dh, void *dh_cls, ...);
    void (*stop_daemon)(struct MHD_Daemon *daemon);
    enum MHD_Result (*add_connection)(struct MHD_Daemon *daemon, MHD_socket client_socket,
                                      const struct sockaddr *addr, socklen_t addrlen);
    const union MHD_ConnectionInfo *(*get_connection_info)(struct MHD_Connection *connection,
                                                           enum MHD_ConnectionInfoType info_type, ...);
    const char *(*lookup_connection_value)(struct MHD_Connection *connection, enum MHD_ValueKind kind,
                                           const char *key);
    void (*suspend_connection)(struct MHD_Connection *connection);
    void (*resume_connection)(struct MHD_Connection *connection);
    struct MHD_Response *(*create_response_from_buffer)(size_t size, void *buffer,
                                                        enum MHD_ResponseMemoryMode mode);
    struct MHD_Response *(*create_response_from_callback)(uint64_t size, size_t block_size,
                                                          MHD_ContentReaderCallback crc, void *crc_cls,
                                                          MHD_ContentReaderFreeCallback crfc);
    enum MHD_Result (*add_response_header)(struct MHD_Response *response, const char *header,
                                           const char *content);
    enum MHD_Result (*queue_response)(struct MHD_Connection *connection, unsigned int status_code,
                                      struct MHD_Response *response);
    void (*destroy_response)(struct MHD_Response *response);
} ns_mhd_api;

/* Filled by ns_mhd_open; read only after it succeeded. */
extern ns_mhd_api ns_mhd;

/* Opens libmicrohttpd and fills ns_mhd, once per process (later calls
 * return the first one's result): NS_OK, or NS_ESYSTEM naming the library
 * and what the loader said. */
int ns_mhd_open(ns_error *err);

#define MHD_start_daemon ns_mhd.start_daemon
#define MHD_stop_daemon ns_mhd.stop_daemon
#define MHD_add_connection ns_mhd.add_connection
#define MHD_get_connection_info ns_mhd.get_connection_info
#define MHD_lookup_connection_value ns_mhd.lookup_connection_value
#define MHD_suspend_connection ns_mhd.suspend_connection
#define MHD_resume_connection ns_mhd.resume_connection
#define MHD_create_response_from_buffer ns_mhd.create_response_from_buffer
#define MHD_create_response_from_callback ns_mhd.create_response_from_callback
#define MHD_add_response_header ns_mhd.add_response_header
#define MHD_queue_response ns_mhd.queue_response
#define MHD_destroy_response ns_mhd.destroy_response

#endif
