package io.assay.config;

/** What a reserve source or excluded holder points at. */
public enum SourceKind {
    /** A Bitcoin address (P2PKH, P2SH, P2WPKH, P2WSH, P2TR) valid for the chain's network. */
    ADDRESS,
    /** A raw Bitcoin scriptPubKey in hex. */
    SCRIPT,
    /** A Bitcoin output descriptor (BIP 380-386), optionally ranged over xpub children. */
    DESCRIPTOR,
    /** An EVM account holding the native coin or an ERC-20 token. */
    HOLDER,
    /** A Solana SPL token account. */
    TOKEN_ACCOUNT,
    /** An off-chain reserve attested by a custodian's HTTP(S) JSON API ({@link OffchainSource}). */
    HTTP,
    /** A set of Bitcoin scripts whose membership changes over time ({@link ReserveSet}). */
    SET
}
