#!/usr/bin/env bash
# Offline structural check of manifest.xml against the Office add-in XSDs kept in shared/
# (beside the repository). `npm run validate` (online) stays the release-time check.
set -euo pipefail
repo="$(git -C "$(dirname "$0")" rev-parse --show-toplevel 2>/dev/null || (cd "$(dirname "$0")/.." && pwd))"
schemas=""
for candidate in "${MANIFEST_SCHEMAS:-}" "$repo/../shared/manifest-schemas" "$repo/shared/manifest-schemas"; do
  if [ -n "$candidate" ] && [ -f "$candidate/OfficeAppManifestV1_1.xsd" ]; then schemas="$candidate"; break; fi
done
if [ -z "$schemas" ]; then
  echo "check-manifest: schemas not found (looked in \$MANIFEST_SCHEMAS, $repo/../shared/manifest-schemas)." >&2
  echo "check-manifest: 找不到清单架构文件；请把 shared/ 放在仓库旁边，或设置 MANIFEST_SCHEMAS。" >&2
  exit 2
fi
command -v xmllint >/dev/null || { echo "check-manifest: xmllint missing (apt-get install libxml2-utils)" >&2; exit 2; }
manifests=("$repo/manifest.xml")
# The built copy too, when there is one: it is the file that gets deployed (URLs from ADDIN_URL).
if [ -f "$repo/dist/manifest.xml" ]; then manifests+=("$repo/dist/manifest.xml"); fi
xmllint --noout --schema "$schemas/OfficeAppManifestV1_1.xsd" "${manifests[@]}"
