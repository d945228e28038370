// Compiles every contracts/**/*.sol (vendored sources under contracts/vendor keep their relative imports) with solc-js (offline; forge would try to download solc) and prints
// {"ContractName": {"abi": [...], "bytecode": "0x..."}} as JSON on stdout, or writes it to argv[2].
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const solc = require('solc');
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = process.argv[3] ? path.resolve(process.argv[3]) : path.join(here, 'contracts');

const sources = {};
function collect(sub) {
  for (const e of fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = sub ? sub + '/' + e.name : e.name; // source unit names use '/', so relative imports resolve
    if (e.isDirectory()) collect(rel);
    else if (e.name.endsWith('.sol')) sources[rel] = { content: fs.readFileSync(path.join(dir, rel), 'utf8') };
  }
}
collect('');
const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (out.errors || []).filter((e) => e.severity === 'error');
if (errors.length) {
  for (const e of errors) console.error(e.formattedMessage);
  process.exit(1);
}
const result = {};
for (const [file, contracts] of Object.entries(out.contracts)) {
  for (const [name, c] of Object.entries(contracts)) {
    result[name] = { abi: c.abi, bytecode: '0x' + c.evm.bytecode.object, source: file };
  }
}
const json = JSON.stringify(result);
if (process.argv[2] && process.argv[2] !== '-') fs.writeFileSync(process.argv[2], json);
else process.stdout.write(json);
