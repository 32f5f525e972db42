#!/bin/sh
# A stand-in for Prisma's native schema engine (migrations, introspection), which only
# binaries.prisma.sh serves. `prisma generate` checks that one exists and never runs it; the
# tests create their tables themselves. Run, it says so and fails.
echo "prisma-no-schema-engine: the tests run no Prisma migration; see test/support/prisma-layer.ts" >&2
exit 1
