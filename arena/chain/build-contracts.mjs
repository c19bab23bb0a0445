// Compiles the chain adapter's own contracts with the pinned solc-js of contracts/
// (run `npm ci` there first): sigcheck/SignatureCheck.sol, whose creation code the
// server runs in an eth_call to check ERC-6492 signatures, and the test-only smart
// account in testdata/. Writes <Name>.bin (creation code, hex) beside each source, and
// <Name>.abi for the test contracts. Imports resolve in contracts/node_modules (the
// pinned OpenZeppelin). Reproducible byte for byte.
//
//   node arena/chain/build-contracts.mjs          (or: make chain-contracts)
//   node arena/chain/build-contracts.mjs --check  fails if a committed file differs
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../contracts/package.json'));
const solc = require('solc');
if (!solc.version().startsWith('0.8.30+')) {
  console.error(`solc ${solc.version()} found, 0.8.30 expected: run npm ci in contracts/`);
  process.exit(1);
}

const check = process.argv.includes('--check');
let drift = false;
function write(file, content) {
  if (!check) {
    fs.writeFileSync(file, content);
  } else if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) {
    console.error(`${path.relative(process.cwd(), file)} differs from a fresh compile: run make chain-contracts`);
    drift = true;
  }
}

const units = [
  { file: 'sigcheck/SignatureCheck.sol', contracts: ['SignatureCheck'], abi: false },
  { file: 'testdata/ContractWallet.sol', contracts: ['ContractWallet', 'ContractWalletFactory'], abi: true },
  { file: 'testdata/HostileTokens.sol', contracts: ['FalseToken', 'ReentrantToken', 'FeeToken'], abi: true },
];
const modules = path.join(here, '../../contracts/node_modules');
function findImports(importPath) {
  const full = path.join(modules, importPath);
  if (full.startsWith(modules) && fs.existsSync(full)) {
    return { contents: fs.readFileSync(full, 'utf8') };
  }
  return { error: `file not found: ${importPath}` };
}
for (const u of units) {
  const input = {
    language: 'Solidity',
    sources: { [u.file]: { content: fs.readFileSync(path.join(here, u.file), 'utf8') } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  let failed = false;
  for (const e of out.errors ?? []) {
    console.error(e.formattedMessage ?? e.message);
    if (e.severity === 'error') failed = true;
  }
  if (failed) process.exit(1);
  const dir = path.dirname(path.join(here, u.file));
  for (const name of u.contracts) {
    const c = out.contracts[u.file][name];
    write(path.join(dir, `${name}.bin`), c.evm.bytecode.object + '\n');
    if (u.abi) write(path.join(dir, `${name}.abi`), JSON.stringify(c.abi, null, 2) + '\n');
  }
}
if (drift) process.exit(1);
