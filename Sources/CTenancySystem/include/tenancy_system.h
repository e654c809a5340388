#ifndef TENANCY_SYSTEM_H
#define TENANCY_SYSTEM_H

#include <sys/types.h>

/// Reserves disk blocks for `length` bytes after `offset` of the file open at `fd` without
/// changing its size (Linux fallocate with FALLOC_FL_KEEP_SIZE): a later append into them cannot
/// fail for want of space. Returns 0, or an errno (EOPNOTSUPP where the file system cannot).
/// A C helper because Swift's Glibc module does not expose fallocate(2), a GNU extension.
int tenancy_reserve(int fd, off_t offset, off_t length);

#endif
