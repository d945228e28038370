// Verifies an Assay signed report with ethers v6, independently of Assay:
//   node chains/devnet/attest/verify-report.mjs report.json
// Prints {signer, digest, digestMatches, signerMatches}; exit 0 when the signature recovers to the signer the
// report names and the digest matches, 1 otherwise. Freshness (validUntil) and the allowed signer are the
// caller's to check. Needs ethers (npm install in chains/devnet, or anywhere: npm install ethers@6).
import fs from 'node:fs';
import { TypedDataEncoder, verifyTypedData, getAddress } from 'ethers';

const signed = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const { EIP712Domain, ...types } = signed.typedData.types; // ethers derives the domain type itself
const { domain, message } = signed.typedData;
const digest = TypedDataEncoder.hash(domain, types, message);
const signer = verifyTypedData(domain, types, message, signed.signature);
const result = {
  signer,
  digest,
  digestMatches: digest === signed.digest,
  signerMatches: signer === getAddress(message.signer),
};
console.log(JSON.stringify(result));
process.exit(result.digestMatches && result.signerMatches ? 0 : 1);
