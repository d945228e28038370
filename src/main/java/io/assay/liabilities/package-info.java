/**
 * Proof of liabilities: a Merkle-sum tree of customer balances (several assets, no netting between them), per-user
 * inclusion proofs and their verification. Depends on nothing else in Assay (JDK and Jackson only), so the engine,
 * the API and the command line can all use it. The format is described in {@code docs/liabilities.md}.
 */
package io.assay.liabilities;
