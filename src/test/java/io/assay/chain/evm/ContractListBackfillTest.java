package io.assay.chain.evm;

import io.assay.chain.ChainIndexer;
import io.assay.chain.RetryPolicy;
import io.assay.config.AssetProfile;
import io.assay.config.Profiles;
import io.assay.config.ProfileLoader;
import io.assay.config.ReserveSource;
import io.assay.config.SetProfiles;
import io.assay.devnet.Contracts;
import io.assay.devnet.Devnet;
import io.assay.devnet.EvmNode;
import io.assay.devnet.Poll;
import io.assay.store.Point;
import io.assay.store.SeriesCursor;
import io.assay.store.SetMembers;
import io.assay.store.Store;
import io.assay.store.Stores;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A PoRAddressList read deep in a backfill (sparse segments of up to 1000 blocks, read at their ends only): each
 * membership change is dated at the block where the list changed, found by bisection, not at the end of the segment
 * holding it. On anvil; the list contract is a faithful implementation of the documented interface
 * (chains/devnet/contracts/ReserveSetTestContracts.sol: @chainlink/contracts ships none).
 */
class ContractListBackfillTest {
    static final String A = "0014" + "a1".repeat(20);
    static final String B = "0014" + "b2".repeat(20);

    @TempDir
    Path dir;

    @Test
    void listChangesDeepInABackfillAreDatedAtTheirBlocks() throws Exception {
        try (Devnet devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM))) {
            EvmNode eth = devnet.evm(1);
            String token = io.assay.devnet.Erc20.deploy(eth, EvmNode.DEV_ACCOUNT, "Wrapped", "WRS", 8).address();
            String list = Contracts.deploy(eth, EvmNode.DEV_ACCOUNT, "TestPoRAddressList", "");
            long start = eth.blockNumber();
            eth.mine(137);
            long addA = send(eth, list, "add", new Utf8String("raw(" + A + ")"));
            eth.mine(251);
            long addB = send(eth, list, "add", new Utf8String("raw(" + B + ")"));
            long removeA = send(eth, list, "removeAt", new Uint256(0)); // the very next block
            eth.mine(400);

            Path p = SetProfiles.write(dir.resolve("profiles"), eth.url().toString(),
                    "pollInterval: 50ms, maxReorgDepth: 4, maxLogRange: 1000", null,
                    SetProfiles.set("list", "contract: {chain: ethereum, address: \"" + list + "\", startBlock: " + start
                            + "}"), token);
            Profiles profiles = new ProfileLoader().load(p);
            AssetProfile asset = profiles.asset("rs").orElseThrow();
            ReserveSource set = asset.reserves().get(0);
            String chain = set.set().membershipChain();
            try (Store store = Stores.open(dir.resolve("store"))) {
                ChainIndexer<?> ix = SetMembershipIndexer.create(asset, set, profiles.chain("ethereum").orElseThrow(),
                        BitcoinNetwork.REGTEST, store, 4, RetryPolicy.DEFAULT);
                ix.start();
                try {
                    long head = eth.blockNumber();
                    Poll.until(Duration.ofSeconds(60), "the list read through #" + head,
                            () -> store.checkpoint(chain).map(c -> c.height() >= head).orElse(false));
                } finally {
                    ix.stop(Duration.ofSeconds(30));
                }
                assertEquals(List.of(List.of(addA, 1L, time(eth, addA)), List.of(removeA, 0L, time(eth, removeA))),
                        points(store, chain, A), "A entered and left at its blocks");
                assertEquals(List.of(List.of(addB, 1L, time(eth, addB))), points(store, chain, B),
                        "B entered at its block, one before A left");
            }
        }
    }

    /** One transaction to the list in its own block; that block's number. */
    private static long send(EvmNode eth, String to, String fn, org.web3j.abi.datatypes.Type<?> arg) {
        eth.send(EvmNode.DEV_ACCOUNT, to, FunctionEncoder.encode(new Function(fn, List.of(arg), List.of())));
        return eth.blockNumber();
    }

    private static long time(EvmNode eth, long height) {
        return Long.decode(eth.rpc().call("eth_getBlockByNumber", "0x" + Long.toHexString(height), false)
                .path("timestamp").asText()) * 1000;
    }

    /** The member's membership points as (height, value, time). */
    private static List<List<Long>> points(Store store, String chain, String script) {
        int id = store.find(SetMembers.membership("rs", chain, "list", SetMembers.tag(HexFormat.of().parseHex(script))))
                .orElseThrow();
        List<List<Long>> out = new ArrayList<>();
        try (SeriesCursor c = store.range(id, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                Point pt = c.point();
                out.add(List.of(pt.height, pt.value.lo(), pt.time));
            }
        }
        return out;
    }
}
