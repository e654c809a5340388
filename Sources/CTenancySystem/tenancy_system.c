#define _GNU_SOURCE
#include "tenancy_system.h"
#include <errno.h>
#include <fcntl.h>
#ifdef __linux__
#include <linux/falloc.h>
#endif

int tenancy_reserve(int fd, off_t offset, off_t length) {
#ifdef __linux__
    if (fallocate(fd, FALLOC_FL_KEEP_SIZE, offset, length) == 0) return 0;
    return errno;
#else
    (void)fd; (void)offset; (void)length;
    return EOPNOTSUPP;
#endif
}
