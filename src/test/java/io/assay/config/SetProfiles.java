package io.assay.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Profile folders for reserve-set tests, written as a user would write them: an EVM chain {@code ethereum} (chain id
 * 1), a regtest Bitcoin chain {@code bitcoin} holding the members' coins, and asset {@code rs} (8 decimals) whose
 * reserves are the sets given, with its supply on {@code ethereum}.
 */
public final class SetProfiles {
    private SetProfiles() {
    }

    /**
     * @param ethEndpoint the EVM node's URL, or null to leave it to the service's configuration
     * @param ethLimits   the {@code limits:} map of ethereum.yaml, without braces
     * @param btcEndpoint the Bitcoin node's URL, or null for a chain that is not indexed
     * @param reserves    the {@code reserves:} entries (each starting with {@code - id:}), from {@link #set}
     * @param token       the asset's token on ethereum
     * @return {@code dir}, with ethereum.yaml, bitcoin.yaml and assets/rs.yaml
     */
    public static Path write(Path dir, String ethEndpoint, String ethLimits, String btcEndpoint, String reserves,
                             String token) throws IOException {
        Files.createDirectories(dir.resolve("assets"));
        Files.writeString(dir.resolve("ethereum.yaml"), "family: evm\nchainId: 1\nfinality: {confirmations: 0}\n"
                + (ethEndpoint == null ? "" : "endpoints: [\"" + ethEndpoint + "\"]\n") + "limits: {" + ethLimits + "}\n");
        Files.writeString(dir.resolve("bitcoin.yaml"), "family: bitcoin\nnetwork: regtest\nfinality: {confirmations: 0}\n"
                + (btcEndpoint == null ? "endpoints: []\n" : "endpoints: [\"" + btcEndpoint + "\"]\n"
                + "limits: {pollInterval: 50ms, maxReorgDepth: 64, reconcileEvery: 0}\n"));
        Files.writeString(dir.resolve("assets/rs.yaml"), "id: rs\ndecimals: 8\nreserves:\n" + reserves
                + "supply:\n  - {chain: ethereum, token: \"" + token + "\", decimals: 8, startBlock: 0}\n"
                + "policy: {minRatio: \"1.0\", stalenessTolerance: 1h}\n");
        return dir;
    }

    /** One reserve entry: set {@code id} on bitcoin, its membership read from {@code source} (e.g. {@code contract: {…}}). */
    public static String set(String id, String source) {
        return "  - id: " + id + "\n    chain: bitcoin\n    set:\n      " + source + "\n";
    }
}
