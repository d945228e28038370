package io.assay.config;

import java.time.Duration;
import java.util.List;

/**
 * A token that moves between chains by burning on one and minting on another (Circle CCTP V1 style): on the source
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
     */
    public record Domain(String chain, long domain, String tokenMessenger, String messageTransmitter) {
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
