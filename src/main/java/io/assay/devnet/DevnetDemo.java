package io.assay.devnet;

import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo asset's contracts on the devnet: a DemoToken ("Wrapped BTC", 8 decimals) on each EVM chain and a
 * lock-and-mint escrow on Ethereum. Fresh anvil nodes give the same addresses every run (dev account 0,
 * nonces 0 and 1), which is what {@code chains/devnet/profiles/assets/wbtc-demo.yaml} names.
 */
public final class DevnetDemo {
    private static final Logger LOG = Logger.getLogger(DevnetDemo.class);

    /** Address of the first contract dev account 0 deploys on a fresh anvil node. */
    public static final String TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    /** Address of the second. */
    public static final String ESCROW = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
    /** The demo's reserve script on regtest: P2WPKH of the BIP 173 example key (hash160 751e76e8...). */
    public static final String RESERVE_SCRIPT = "0014751e76e8199196d454941c45d1b3a323f1433bd6";

    private final Map<Long, Erc20> tokens;
    private final Escrow escrow;

    private DevnetDemo(Map<Long, Erc20> tokens, Escrow escrow) {
        this.tokens = tokens;
        this.escrow = escrow;
    }

    public static DevnetDemo deploy(Devnet devnet) {
        Map<Long, Erc20> tokens = new HashMap<>();
        Escrow escrow = null;
        for (long chainId : new long[]{1, 137, 43114}) {
            EvmNode node = devnet.evm(chainId);
            Erc20 token = Erc20.deploy(node, EvmNode.DEV_ACCOUNT, "Wrapped BTC", "WBTC", 8);
            if (!token.address().equals(TOKEN)) {
                throw new DevnetException("demo token on chain " + chainId + " deployed at " + token.address()
                        + ", expected " + TOKEN + " (was the node fresh?)");
            }
            tokens.put(chainId, token);
            if (chainId == 1) {
                escrow = Escrow.deploy(node, EvmNode.DEV_ACCOUNT, token);
                if (!escrow.address().equals(ESCROW)) {
                    throw new DevnetException("demo escrow deployed at " + escrow.address() + ", expected " + ESCROW);
                }
            }
        }
        LOG.infof("demo contracts: token %s on chains 1, 137, 43114; escrow %s on chain 1", TOKEN, ESCROW);
        return new DevnetDemo(tokens, escrow);
    }

    public Erc20 token(long chainId) {
        Erc20 t = tokens.get(chainId);
        if (t == null) {
            throw new DevnetException("no demo token on chain " + chainId);
        }
        return t;
    }

    public Escrow escrow() {
        return escrow;
    }

    /** Satoshis, for readability in the demo scenario. */
    public static BigInteger btc(long whole) {
        return BigInteger.valueOf(whole).multiply(BigInteger.valueOf(100_000_000L));
    }
}
