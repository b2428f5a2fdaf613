#!/bin/sh
# The image's ./seedgrid: the CLI with the JVM flags the build recorded; SEEDGRID_HEAP sets -Xmx.
set -eu
D=/opt/seedgrid
# shellcheck disable=SC2046,SC2086
exec java ${SEEDGRID_HEAP:+-Xmx$SEEDGRID_HEAP} ${SEEDGRID_JAVA_OPTS:-} $(cat "$D/jvm.flags") \
  -cp "$D/seedgrid-cli.jar:$D/lib/*" io.seedgrid.cli.SeedgridCommand "$@"
