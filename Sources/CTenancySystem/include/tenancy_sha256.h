#ifndef TENANCY_SHA256_H
#define TENANCY_SHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the SHA extensions (x86-64 SHA-NI, with SSSE3 and SSE4.1): 1 or 0.
/// Swift cannot emit those instructions (it has no x86 intrinsics), and they hash about six times
/// as fast as the best portable code: a saved plan's or a state's 50 MB digest goes from a quarter
/// of a second to a few hundredths.
int tenancy_sha256_hardware(void);

/// Runs the SHA-256 compression function over `blocks` 64-byte blocks at `data`, updating the
/// eight state words (FIPS 180-4 order, a..h) in place. Only call it when
/// `tenancy_sha256_hardware()` said 1.
void tenancy_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
