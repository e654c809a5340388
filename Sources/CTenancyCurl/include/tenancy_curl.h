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

/// How a server answered: the HTTP status (or the SMTP server's last reply code), and the
/// seconds a `Retry-After` header asks the client to wait (-1: none given).
typedef struct {
    long status;
    long long retry_after;
} tenancy_curl_answer;

/// POSTs the request. Returns 0 with `*answer` set, or libcurl's error code with a message in
/// `error` (libcurl's own words: "SSL certificate problem: unable to get local issuer
/// certificate"); -1 when libcurl is not there.
int tenancy_curl_post(tenancy_curl *handle, const tenancy_curl_request *request, tenancy_curl_sink sink, void *context,
                      tenancy_curl_answer *answer, char *error, size_t error_length);

/// One message over SMTP: `url` is smtp://host:port (STARTTLS, required) or smtps://host:port
/// (TLS from the first byte); the login is used when `username` is not NULL. The message is the
/// whole RFC 5322 text (headers, a blank line, the body, CRLF line ends).
typedef struct {
    const char *url;
    const char *from;
    const char *const *recipients;
    size_t recipient_count;
    const char *username;
    const char *password;
    const unsigned char *message;
    size_t message_length;
    long timeout_ms;
    const char *ca_file;
} tenancy_curl_mail_request;

/// Sends the message. Returns 0 with `*answer` set to the server's last reply code (250), or
/// libcurl's error code with a message in `error` ("Login denied"); -1 when libcurl is not there.
int tenancy_curl_mail(tenancy_curl *handle, const tenancy_curl_mail_request *request, tenancy_curl_answer *answer,
                      char *error, size_t error_length);

#endif
