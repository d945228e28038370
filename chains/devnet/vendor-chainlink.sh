#!/bin/sh
# Fetches @chainlink/contracts@1.5.0 with `npm pack` and checks (or, with --update, copies) the vendored sources
# under contracts/vendor/chainlink against it. See contracts/vendor/chainlink/README.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @chainlink/contracts@1.5.0 >/dev/null && tar xzf chainlink-contracts-1.5.0.tgz)
status=0
for f in mocks/MockV3Aggregator.sol interfaces/AggregatorInterface.sol interfaces/AggregatorV2V3Interface.sol \
         interfaces/AggregatorV3Interface.sol; do
  src="$tmp/package/src/v0.8/shared/$f"
  dst="$here/contracts/vendor/chainlink/v0.8/shared/$f"
  if [ "${1:-}" = "--update" ]; then
    mkdir -p "$(dirname "$dst")" && cp "$src" "$dst"
  elif ! cmp -s "$src" "$dst"; then
    echo "differs from the package: $f" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "vendored Chainlink sources match @chainlink/contracts@1.5.0"
exit $status
