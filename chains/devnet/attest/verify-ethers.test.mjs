// Independent check of Assay's signed reports with ethers v6 (a second EIP-712 implementation).
// Run by io.assay.attest.EthersCrossCheckTest: ASSAY_REPORTS names a folder of signed report JSON files as the
// API emits them. Each must verify with ethers.verifyTypedData to its signer, hash to its digest, and carry a
// heightsDigest, assetIdHash and ratio that ethers recomputes to the same values; a tampered copy must not verify.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TypedDataEncoder, verifyTypedData, keccak256, toUtf8Bytes, getAddress } from 'ethers';

const dir = process.env.ASSAY_REPORTS;
assert.ok(dir, 'set ASSAY_REPORTS to a folder of signed report JSON files');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
assert.ok(files.length > 0, `no .json files in ${dir}`);

// ethers takes the struct types without EIP712Domain (it derives the domain type from the domain object)
function parts(signed) {
  const { EIP712Domain, ...types } = signed.typedData.types;
  return { domain: signed.typedData.domain, types, message: signed.typedData.message, EIP712Domain };
}

for (const f of files) {
  const signed = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));

  test(`${f}: ethers recovers the signer and recomputes the digest`, () => {
    const { domain, types, message, EIP712Domain } = parts(signed);
    assert.deepEqual(EIP712Domain.map((x) => x.name), Object.keys(domain));
    assert.equal(TypedDataEncoder.hash(domain, types, message), signed.digest);
    assert.equal(verifyTypedData(domain, types, message, signed.signature), getAddress(signed.signer));
    assert.equal(getAddress(message.signer), getAddress(signed.signer));
  });

  test(`${f}: heightsDigest, assetIdHash and ratio agree`, () => {
    const { types, message } = parts(signed);
    const enc = TypedDataEncoder.from(types);
    assert.equal(enc.encodeData('ChainHeight[]', message.heights), signed.report.heightsDigest);
    assert.equal(keccak256(toUtf8Bytes(signed.report.assetId)), message.assetId);
    const reserves = BigInt(message.reserves);
    const circulating = BigInt(message.circulating);
    const max = (1n << 256n) - 1n;
    const ratio = circulating === 0n ? max : (reserves * 10n ** 18n / circulating > max ? max : reserves * 10n ** 18n / circulating);
    assert.equal(BigInt(message.ratio), ratio);
  });

  test(`${f}: a tampered copy does not verify`, () => {
    const { domain, types, message } = parts(signed);
    const forged = { ...message, reserves: (BigInt(message.reserves) ^ 1n).toString() };
    assert.notEqual(verifyTypedData(domain, types, forged, signed.signature), getAddress(signed.signer));
    const otherChain = { ...domain, chainId: Number(domain.chainId) + 1 };
    assert.notEqual(verifyTypedData(otherChain, types, message, signed.signature), getAddress(signed.signer));
  });
}
