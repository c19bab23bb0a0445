#!/bin/sh
# Regenerates the compiled contracts and their Go bindings:
#   artifacts/<Name>.abi, artifacts/<Name>.bin   (solc-js 0.8.30 via build.mjs)
#   bindings/<name>.go                           (abigen --v2, pinned by go.mod's tool directive)
# Usage: contracts/generate.sh [outroot]   (default: the contracts/ directory itself)
# Needs node_modules: run `npm ci` in contracts/ first.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
mkdir -p "$out/artifacts" "$out/bindings"
if [ ! -d "$here/node_modules/solc" ]; then
	echo "contracts/node_modules missing: run 'cd contracts && npm ci'" >&2
	exit 1
fi
node "$here/build.mjs" "$out/artifacts"
# abigen is a go.mod tool, so its version follows the go-ethereum requirement.
abigen() { (cd "$here/.." && go tool abigen "$@"); }
abigen --v2 --pkg bindings --type ArenaToken \
	--abi "$out/artifacts/ArenaToken.abi" --bin "$out/artifacts/ArenaToken.bin" \
	--out "$out/bindings/arena_token.go"
abigen --v2 --pkg bindings --type RewardsDistributor \
	--abi "$out/artifacts/RewardsDistributor.abi" --bin "$out/artifacts/RewardsDistributor.bin" \
	--out "$out/bindings/rewards_distributor.go"
abigen --v2 --pkg bindings --type CampaignEscrow \
	--abi "$out/artifacts/CampaignEscrow.abi" --bin "$out/artifacts/CampaignEscrow.bin" \
	--out "$out/bindings/campaign_escrow.go"
abigen --v2 --pkg bindings --type DataSale \
	--abi "$out/artifacts/DataSale.abi" --bin "$out/artifacts/DataSale.bin" \
	--out "$out/bindings/data_sale.go"
