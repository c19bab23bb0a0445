#!/bin/sh
# Fails if the committed artifacts/ or bindings/ differ from a fresh generation.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/generate.sh" "$tmp" >/dev/null
status=0
for f in artifacts/ArenaToken.abi artifacts/ArenaToken.bin \
	artifacts/RewardsDistributor.abi artifacts/RewardsDistributor.bin \
	artifacts/CampaignEscrow.abi artifacts/CampaignEscrow.bin \
	artifacts/DataSale.abi artifacts/DataSale.bin \
	bindings/arena_token.go bindings/rewards_distributor.go \
	bindings/campaign_escrow.go bindings/data_sale.go; do
	if ! diff -u "$here/$f" "$tmp/$f"; then
		echo "contracts/$f is out of date: run 'make contracts' and commit the result" >&2
		status=1
	fi
done
[ $status -eq 0 ] && echo "contracts: artifacts and bindings up to date"
exit $status
