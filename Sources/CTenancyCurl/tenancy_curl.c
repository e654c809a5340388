#define _GNU_SOURCE
#include "tenancy_curl.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The few parts of libcurl's ABI used here (curl/curl.h: stable since 7.x; the option numbers are
// CURLOPTTYPE_* + n, the info code CURLINFO_LONG + 2).
typedef void CURL;
struct curl_slist;
typedef size_t (*curl_write_callback)(char *data, size_t size, size_t count, void *context);
enum {
    OPT_WRITEDATA = 10001, OPT_URL = 10002, OPT_ERRORBUFFER = 10010, OPT_POSTFIELDS = 10015,
    OPT_HTTPHEADER = 10023, OPT_SSLCERT = 10025, OPT_WRITEFUNCTION = 20011, OPT_POST = 47,
    OPT_SSL_VERIFYPEER = 64, OPT_CAINFO = 10065, OPT_SSL_VERIFYHOST = 81, OPT_HTTP_VERSION = 84,
    OPT_SSLKEY = 10087, OPT_NOSIGNAL = 99, OPT_POSTFIELDSIZE_LARGE = 30120, OPT_TIMEOUT_MS = 155,
    OPT_CONNECTTIMEOUT_MS = 156, OPT_PROTOCOLS = 181,
    // SMTP: the upload of the message, its envelope and the login.
    OPT_READDATA = 10009, OPT_UPLOAD = 46, OPT_READFUNCTION = 20012, OPT_INFILESIZE_LARGE = 30115, OPT_USE_SSL = 119,
    OPT_USERNAME = 10173, OPT_PASSWORD = 10174, OPT_MAIL_FROM = 10186, OPT_MAIL_RCPT = 10187,
    OPT_SERVER_RESPONSE_TIMEOUT = 112, OPT_FORBID_REUSE = 75,
};
enum {
    INFO_RESPONSE_CODE = 0x200002, INFO_RETRY_AFTER = 0x600000 + 57, GLOBAL_ALL = 3, HTTP_VERSION_2TLS = 4,
    PROTO_HTTP = 1, PROTO_HTTPS = 2, PROTO_SMTP = 1 << 16, PROTO_SMTPS = 1 << 17, USESSL_ALL = 3, ERROR_SIZE = 256,
};
typedef size_t (*curl_read_callback)(char *buffer, size_t size, size_t count, void *context);

static struct {
    int (*global_init)(long);
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    const char *(*easy_strerror)(int);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;
static const char *load_error = "libcurl was not loaded";
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

static void load(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        load_error = "libcurl.so.4 is not installed (Debian and Ubuntu: apt-get install libcurl4)";
        return;
    }
#define FIND(field, name) \
    if (!(*(void **)&curl.field = dlsym(library, name))) { load_error = "libcurl.so.4 lacks " name; return; }
    FIND(global_init, "curl_global_init")
    FIND(easy_init, "curl_easy_init")
    FIND(easy_setopt, "curl_easy_setopt")
    FIND(easy_perform, "curl_easy_perform")
    FIND(easy_getinfo, "curl_easy_getinfo")
    FIND(easy_cleanup, "curl_easy_cleanup")
    FIND(easy_reset, "curl_easy_reset")
    FIND(easy_strerror, "curl_easy_strerror")
    FIND(slist_append, "curl_slist_append")
    FIND(slist_free_all, "curl_slist_free_all")
#undef FIND
    if (curl.global_init(GLOBAL_ALL) != 0) {
        load_error = "libcurl could not be initialised";
        return;
    }
    load_error = NULL;
}

const char *tenancy_curl_load_error(void) {
    pthread_once(&loaded, load);
    return load_error;
}

struct tenancy_curl {
    CURL *easy;
};

tenancy_curl *tenancy_curl_new(void) {
    if (tenancy_curl_load_error()) return NULL;
    CURL *easy = curl.easy_init();
    if (!easy) return NULL;
    tenancy_curl *handle = malloc(sizeof *handle);
    if (!handle) {
        curl.easy_cleanup(easy);
        return NULL;
    }
    handle->easy = easy;
    return handle;
}

void tenancy_curl_free(tenancy_curl *handle) {
    if (!handle) return;
    curl.easy_cleanup(handle->easy);
    free(handle);
}

struct sink_context {
    tenancy_curl_sink sink;
    void *context;
};

static size_t write_body(char *data, size_t size, size_t count, void *context) {
    struct sink_context *target = context;
    size_t length = size * count;
    // A short count tells libcurl to stop (CURLE_WRITE_ERROR).
    return target->sink((const unsigned char *)data, length, target->context) == 0 ? length : 0;
}

/// The handle, reset for a new request (the connection and TLS session caches stay); NULL, with
/// why in `error`, when libcurl is not there.
static CURL *prepared(tenancy_curl *handle, char *error, size_t error_length) {
    if (tenancy_curl_load_error() || !handle) {
        snprintf(error, error_length, "%s", tenancy_curl_load_error() ? tenancy_curl_load_error() : "no connection");
        return NULL;
    }
    // Reset keeps the connection and TLS session caches; every option is set again by the caller.
    curl.easy_reset(handle->easy);
    return handle->easy;
}

/// `items` as libcurl's string list: 0, or CURLE_OUT_OF_MEMORY with `error` said and nothing left.
static int string_list(const char *const *items, size_t count, struct curl_slist **list, char *error, size_t error_length) {
    *list = NULL;
    for (size_t i = 0; i < count; i++) {
        struct curl_slist *more = curl.slist_append(*list, items[i]);
        if (!more) {
            curl.slist_free_all(*list);
            *list = NULL;
            snprintf(error, error_length, "out of memory");
            return 27; // CURLE_OUT_OF_MEMORY
        }
        *list = more;
    }
    return 0;
}

int tenancy_curl_post(tenancy_curl *handle, const tenancy_curl_request *request, tenancy_curl_sink sink, void *context,
                      tenancy_curl_answer *answer, char *error, size_t error_length) {
    CURL *easy = prepared(handle, error, error_length);
    if (!easy) return -1;
    char message[ERROR_SIZE] = "";
    struct curl_slist *headers;
    int listed = string_list(request->headers, request->header_count, &headers, error, error_length);
    if (listed != 0) return listed;
    struct sink_context target = {sink, context};
    curl.easy_setopt(easy, OPT_URL, request->url);
    curl.easy_setopt(easy, OPT_PROTOCOLS, (long)(PROTO_HTTP | PROTO_HTTPS));
    curl.easy_setopt(easy, OPT_NOSIGNAL, 1L);
    curl.easy_setopt(easy, OPT_ERRORBUFFER, message);
    curl.easy_setopt(easy, OPT_POST, 1L);
    curl.easy_setopt(easy, OPT_POSTFIELDS, (const char *)request->body);
    curl.easy_setopt(easy, OPT_POSTFIELDSIZE_LARGE, (long long)request->body_length);
    curl.easy_setopt(easy, OPT_HTTPHEADER, headers);
    curl.easy_setopt(easy, OPT_WRITEFUNCTION, (curl_write_callback)write_body);
    curl.easy_setopt(easy, OPT_WRITEDATA, (void *)&target);
    curl.easy_setopt(easy, OPT_TIMEOUT_MS, request->timeout_ms);
    curl.easy_setopt(easy, OPT_CONNECTTIMEOUT_MS, request->timeout_ms);
    curl.easy_setopt(easy, OPT_HTTP_VERSION, (long)HTTP_VERSION_2TLS);
    curl.easy_setopt(easy, OPT_SSL_VERIFYPEER, 1L);
    curl.easy_setopt(easy, OPT_SSL_VERIFYHOST, 2L);
    if (request->ca_file) curl.easy_setopt(easy, OPT_CAINFO, request->ca_file);
    if (request->cert_file) curl.easy_setopt(easy, OPT_SSLCERT, request->cert_file);
    if (request->key_file) curl.easy_setopt(easy, OPT_SSLKEY, request->key_file);
    int code = curl.easy_perform(easy);
    curl.slist_free_all(headers);
    // The buffers given above die with this call: libcurl must not keep pointers to them.
    curl.easy_setopt(easy, OPT_ERRORBUFFER, (char *)NULL);
    curl.easy_setopt(easy, OPT_HTTPHEADER, (struct curl_slist *)NULL);
    long answered = 0;
    long long retry_after = -1;
    if (code != 0) {
        snprintf(error, error_length, "%s", message[0] ? message : curl.easy_strerror(code));
        // What the server answered before the transfer stopped (a body cut short by the sink).
        curl.easy_getinfo(easy, INFO_RESPONSE_CODE, &answered);
        answer->status = answered;
        answer->retry_after = -1;
        return code;
    }
    curl.easy_getinfo(easy, INFO_RESPONSE_CODE, &answered);
    // 0 when the answer names no delay (libcurl 7.66 and later; older ones leave it unset).
    if (curl.easy_getinfo(easy, INFO_RETRY_AFTER, &retry_after) != 0 || retry_after <= 0) retry_after = -1;
    answer->status = answered;
    answer->retry_after = retry_after;
    return 0;
}

struct upload {
    const unsigned char *data;
    size_t left;
};

static size_t read_message(char *buffer, size_t size, size_t count, void *context) {
    struct upload *upload = context;
    size_t room = size * count, length = upload->left < room ? upload->left : room;
    memcpy(buffer, upload->data, length);
    upload->data += length;
    upload->left -= length;
    return length;
}

int tenancy_curl_mail(tenancy_curl *handle, const tenancy_curl_mail_request *request, tenancy_curl_answer *answer,
                      char *error, size_t error_length) {
    CURL *easy = prepared(handle, error, error_length);
    if (!easy) return -1;
    char message[ERROR_SIZE] = "";
    struct curl_slist *recipients;
    int listed = string_list(request->recipients, request->recipient_count, &recipients, error, error_length);
    if (listed != 0) return listed;
    struct upload upload = {request->message, request->message_length};
    curl.easy_setopt(easy, OPT_URL, request->url);
    curl.easy_setopt(easy, OPT_PROTOCOLS, (long)(PROTO_SMTP | PROTO_SMTPS));
    curl.easy_setopt(easy, OPT_NOSIGNAL, 1L);
    curl.easy_setopt(easy, OPT_ERRORBUFFER, message);
    // smtp:// with every byte over TLS: STARTTLS, and a server that does not offer it is refused.
    curl.easy_setopt(easy, OPT_USE_SSL, (long)USESSL_ALL);
    curl.easy_setopt(easy, OPT_MAIL_FROM, request->from);
    curl.easy_setopt(easy, OPT_MAIL_RCPT, recipients);
    if (request->username) {
        curl.easy_setopt(easy, OPT_USERNAME, request->username);
        curl.easy_setopt(easy, OPT_PASSWORD, request->password ? request->password : "");
    }
    curl.easy_setopt(easy, OPT_UPLOAD, 1L);
    curl.easy_setopt(easy, OPT_READFUNCTION, (curl_read_callback)read_message);
    curl.easy_setopt(easy, OPT_READDATA, (void *)&upload);
    curl.easy_setopt(easy, OPT_INFILESIZE_LARGE, (long long)request->message_length);
    curl.easy_setopt(easy, OPT_TIMEOUT_MS, request->timeout_ms);
    curl.easy_setopt(easy, OPT_CONNECTTIMEOUT_MS, request->timeout_ms);
    // Each reply of the server within half the request's time, so that a reply that never comes
    // and the closing QUIT that follows it fit in the request's time together (libcurl's own
    // default is 120 s: a server that stops answering after DATA held a run for two minutes).
    curl.easy_setopt(easy, OPT_SERVER_RESPONSE_TIMEOUT, request->timeout_ms / 2000 > 0 ? request->timeout_ms / 2000 : 1L);
    // One connection per message, closed at its end: a connection left for reuse would be shut
    // (QUIT) when the process ends, out of any run's bounds.
    curl.easy_setopt(easy, OPT_FORBID_REUSE, 1L);
    curl.easy_setopt(easy, OPT_SSL_VERIFYPEER, 1L);
    curl.easy_setopt(easy, OPT_SSL_VERIFYHOST, 2L);
    if (request->ca_file) curl.easy_setopt(easy, OPT_CAINFO, request->ca_file);
    int code = curl.easy_perform(easy);
    curl.slist_free_all(recipients);
    // Nothing set above may outlive this call: the password, the list, the buffers.
    curl.easy_setopt(easy, OPT_ERRORBUFFER, (char *)NULL);
    curl.easy_setopt(easy, OPT_MAIL_RCPT, (struct curl_slist *)NULL);
    curl.easy_setopt(easy, OPT_USERNAME, (char *)NULL);
    curl.easy_setopt(easy, OPT_PASSWORD, (char *)NULL);
    long answered = 0;
    curl.easy_getinfo(easy, INFO_RESPONSE_CODE, &answered);
    answer->status = answered;
    answer->retry_after = -1;
    if (code != 0) {
        snprintf(error, error_length, "%s", message[0] ? message : curl.easy_strerror(code));
        return code;
    }
    return 0;
}
