package io.assay.config;

import java.time.Duration;
import java.util.List;

/**
 * A token that moves between chains by burning on one and minting on another (Circle CCTP V1, and V2 where a
 * domain names its V2 contracts; V2 matching: docs/burn-and-mint.md): on the V1 source
 * chain the {@code TokenMessenger} emits {@code DepositForBurn(uint64 indexed nonce, address indexed burnToken, uint256
 * amount, address indexed depositor, bytes32 mintRecipient, uint32 destinationDomain, bytes32
 * destinationTokenMessenger, bytes32 destinationCaller)}; on the destination chain the {@code MessageTransmitter} emits
 * {@code MessageReceived(address indexed caller, uint32 sourceDomain, uint64 indexed nonce, bytes32 sender, bytes
 * messageBody)} as the tokens are minted. A burn and a receipt are the same transfer when their (source domain, nonce)
 * match. Circulation = the chains' supplies + what was burned and not yet received (in flight).
 *
 * @param maxInFlight a burn not received after this long raises an alert
 * @param domains     the asset's chains that take part, each with its CCTP domain and contracts
 */
public record BurnMint(Duration maxInFlight, List<Domain> domains) {
    /**
     * @param chain              EVM chain profile name (the asset has a supply entry there)
     * @param domain             the chain's CCTP domain number (Ethereum 0, Avalanche 1, OP 2, Arbitrum 3, Base 6, ...)
     * @param tokenMessenger     emits {@code DepositForBurn} on this chain
     * @param messageTransmitter emits {@code MessageReceived} on this chain
     * @param tokenMessengerV2     CCTP V2: emits V2's {@code DepositForBurn} on this chain, or null (V1 only)
     * @param messageTransmitterV2 CCTP V2: emits V2's {@code MessageReceived} on this chain, or null (V1 only)
     */
    public record Domain(String chain, long domain, String tokenMessenger, String messageTransmitter,
                         String tokenMessengerV2, String messageTransmitterV2) {
        /** A V1-only domain. */
        public Domain(String chain, long domain, String tokenMessenger, String messageTransmitter) {
            this(chain, domain, tokenMessenger, messageTransmitter, null, null);
        }

        public boolean v2() {
            return tokenMessengerV2 != null;
        }
    }

    public Domain byChain(String chain) {
        for (Domain d : domains) {
            if (d.chain().equals(chain)) {
                return d;
            }
        }
        return null;
    }

    public Domain byDomain(long domain) {
        for (Domain d : domains) {
            if (d.domain() == domain) {
                return d;
            }
        }
        return null;
    }
}
