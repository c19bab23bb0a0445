// Compiles the contracts in src/ with the pinned solc-js (standard JSON) and writes each
// contract's ABI (<Name>.abi, pretty JSON) and creation bytecode (<Name>.bin, hex) into the
// output directory (default: artifacts/). Output depends only on the sources, the pinned
// compiler and the pinned OpenZeppelin sources, so it is reproducible byte for byte.
//
//   node build.mjs [outdir]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc');

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(here, 'artifacts'));
const CONTRACTS = ['ArenaToken', 'RewardsDistributor', 'CampaignEscrow', 'DataSale'];
const EXPECTED_SOLC = '0.8.30';

if (!solc.version().startsWith(EXPECTED_SOLC + '+')) {
  console.error(`solc ${solc.version()} found, ${EXPECTED_SOLC} expected: run npm ci in contracts/`);
  process.exit(1);
}

const sources = {};
for (const name of CONTRACTS) {
  const p = `src/${name}.sol`;
  sources[p] = { content: fs.readFileSync(path.join(here, p), 'utf8') };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};

function findImports(importPath) {
  for (const base of [here, path.join(here, 'node_modules')]) {
    const full = path.join(base, importPath);
    if (full.startsWith(base) && fs.existsSync(full)) {
      return { contents: fs.readFileSync(full, 'utf8') };
    }
  }
  return { error: `file not found: ${importPath}` };
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
let failed = false;
for (const e of output.errors ?? []) {
  console.error(e.formattedMessage ?? e.message);
  if (e.severity === 'error') failed = true;
}
if (failed) process.exit(1);

fs.mkdirSync(outDir, { recursive: true });
for (const name of CONTRACTS) {
  const c = output.contracts[`src/${name}.sol`][name];
  fs.writeFileSync(path.join(outDir, `${name}.abi`), JSON.stringify(c.abi, null, 2) + '\n');
  fs.writeFileSync(path.join(outDir, `${name}.bin`), c.evm.bytecode.object);
}
console.log(`compiled ${CONTRACTS.join(', ')} with solc ${solc.version()} into ${outDir}`);
