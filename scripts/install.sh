#!/bin/sh
# Builds tenancy for release with the Swift runtime linked statically, checks that the binary
# needs nothing beyond the system's C libraries (and libyaml), and installs it.
#
#   scripts/install.sh [PREFIX]        PREFIX defaults to $PREFIX, else /usr/local
#
# The one runtime package besides libc is libyaml (Debian/Ubuntu: libyaml-0-2; macOS: brew
# install libyaml). https to etcd loads the system's libcurl at run time when it is used.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
prefix=${1:-${PREFIX:-/usr/local}}
scratch=${TENANCY_BUILD_PATH:-$root/.build/static}
cd "$root"
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product tenancy
bin=$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)
"$root/scripts/check-binary" "$bin/tenancy"
install -d "$prefix/bin"
install -m 0755 "$bin/tenancy" "$prefix/bin/tenancy"
# Debug information is most of the file's size; the installed copy goes without it.
if command -v strip > /dev/null; then strip --strip-debug "$prefix/bin/tenancy"; fi
echo "installed $prefix/bin/tenancy ($("$prefix/bin/tenancy" version))"
