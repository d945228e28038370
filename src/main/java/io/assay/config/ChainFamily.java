package io.assay.config;

/** The chain families Assay has an indexer for. Ethereum, Polygon and Avalanche are profiles of {@link #EVM}. */
public enum ChainFamily {
    EVM,
    BITCOIN,
    SOLANA
}
