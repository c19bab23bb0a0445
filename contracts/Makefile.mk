# Contracts: compile with the pinned solc-js and regenerate the Go bindings.
# Include from the top-level Makefile with:  include contracts/Makefile.mk
.PHONY: contracts contracts-check

contracts/node_modules/.package-lock.json: contracts/package.json contracts/package-lock.json
	cd contracts && npm ci --no-audit --no-fund

# Regenerate contracts/artifacts/*.{abi,bin} and contracts/bindings/*.go.
contracts: contracts/node_modules/.package-lock.json
	contracts/generate.sh

# Fail if the committed artifacts or bindings differ from a fresh generation (CI).
contracts-check: contracts/node_modules/.package-lock.json
	contracts/check.sh
