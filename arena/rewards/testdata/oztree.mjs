// Builds @openzeppelin/merkle-tree's StandardMerkleTree for the values read from stdin and
// prints its root and the proof of every value, for comparison with the Go tree.
//
//   node oztree.mjs <contracts dir> < {"values": [["0x..", "123"], ...]}
//   -> {"root": "0x..", "proofs": [["0x..", ...], ...]}
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';

const contractsDir = path.resolve(process.argv[2]);
const require = createRequire(path.join(contractsDir, 'package.json'));
const { StandardMerkleTree } = require('@openzeppelin/merkle-tree');

const { values } = JSON.parse(fs.readFileSync(0, 'utf8'));
const tree = StandardMerkleTree.of(values, ['address', 'uint256']);
const proofs = values.map((_, i) => tree.getProof(i));
const dump = tree.dump();
process.stdout.write(JSON.stringify({ root: tree.root, proofs, dump }));
