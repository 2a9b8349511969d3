#!/usr/bin/env bash
# Builds the installable zip of the WordPress plugin (Plugins > Add New >
# Upload Plugin): flanders-hub-<version>.zip holding the folder flanders-hub/
# without its tests and tools.
#   scripts/package_wordpress_plugin.sh [output directory, default artifacts/ (git-ignored)]
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=plugins/wordpress/flanders-hub
OUT=${1:-artifacts}
VERSION=$(sed -n 's/^ \* Version: *//p' "$SRC/flanders-hub.php")
[ -n "$VERSION" ] || { echo "error: no Version header in $SRC/flanders-hub.php" >&2; exit 1; }
mkdir -p "$OUT"
ZIP="$(cd "$OUT" && pwd)/flanders-hub-$VERSION.zip"
python3 - "$SRC" "$ZIP" <<'PY'
import sys
import zipfile
from pathlib import Path

src, target = Path(sys.argv[1]), sys.argv[2]
skip = {"tests", "tools"}
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for path in sorted(src.rglob("*")):
        relative = path.relative_to(src)
        if path.is_file() and relative.parts[0] not in skip and "__pycache__" not in relative.parts:
            archive.write(path, Path("flanders-hub") / relative)
PY
echo "$ZIP"
