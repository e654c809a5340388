#ifndef TENANCY_CURL_H
#define TENANCY_CURL_H

#include <stddef.h>

/// HTTPS through the system's libcurl (`libcurl.so.4`), loaded at run time with dlopen.
///
/// Why C, and why loaded: Foundation's URLSession on Linux can neither send a client certificate
/// nor trust a CA file other than the machine's, and etcd in production wants both
/// (`--client-cert-auth`, a private CA). libcurl can (CAINFO, SSLCERT, SSLKEY), but its options
/// are set through variadic functions, which Swift cannot call. Loading it at run time keeps it
/// out of the link: a machine without it runs everything but https endpoints, and says so.

/// A reusable connection (one libcurl easy handle): TLS sessions and connections are kept between
/// requests made on it. Not for two threads at once.
typedef struct tenancy_curl tenancy_curl;

/// Called with each piece of the answer's body; returns 0 to go on, nonzero to stop (too large).
typedef int (*tenancy_curl_sink)(const unsigned char *data, size_t length, void *context);

/// Loads libcurl once; NULL when it is there, else why not (a static string).
const char *tenancy_curl_load_error(void);

/// A new connection; NULL when libcurl cannot be loaded or gives none.
tenancy_curl *tenancy_curl_new(void);
void tenancy_curl_free(tenancy_curl *handle);

/// What a request needs: files may be NULL (no CA file: the system's trust store; no certificate:
/// none is offered).
typedef struct {
    const char *url;
    const char *const *headers; // "Name: value"
    size_t header_count;
    const unsigned char *body;
    size_t body_length;
    long timeout_ms;
    const char *ca_file;
    const char *cert_file;
    const char *key_file;
} tenancy_curl_request;

/// POSTs the request. Returns 0 with `*status` set, or libcurl's error code with a message in
/// `error` (libcurl's own words: "SSL certificate problem: unable to get local issuer
/// certificate"); -1 when libcurl is not there.
int tenancy_curl_post(tenancy_curl *handle, const tenancy_curl_request *request, tenancy_curl_sink sink, void *context,
                      long *status, char *error, size_t error_length);

#endif
