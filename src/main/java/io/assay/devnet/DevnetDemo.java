package io.assay.devnet;

import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo asset's contracts on the devnet: a DemoToken ("Wrapped BTC", 8 decimals) on each EVM chain, a
 * lock-and-mint escrow on Ethereum, and an SPL mint (8 decimals) on the Solana shim with a token account for the
 * demo's user. Fresh anvil nodes give the same addresses every run (dev account 0, nonces 0 and 1), and the shim
 * derives the mint's address from a seed, which is what {@code chains/devnet/profiles/assets/wbtc-demo.yaml}
 * names.
 */
public final class DevnetDemo {
    private static final Logger LOG = Logger.getLogger(DevnetDemo.class);

    /** Address of the first contract dev account 0 deploys on a fresh anvil node. */
    public static final String TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    /** Address of the second. */
    public static final String ESCROW = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
    /** Seed of the demo's SPL mint on the Solana shim. */
    public static final String SOLANA_SEED = "wbtc-demo";
    /** The address the shim derives from {@link #SOLANA_SEED}. */
    public static final String SOLANA_MINT = "2VbTJe1QBamJi2mkHE7KPRfX9JgMYULyeP2ENhnj3AoK";
    /** The demo's reserve script on regtest: P2WPKH of the BIP 173 example key (hash160 751e76e8...). */
    public static final String RESERVE_SCRIPT = "0014751e76e8199196d454941c45d1b3a323f1433bd6";

    private final Map<Long, Erc20> tokens;
    private final Escrow escrow;
    private final SolanaNode solana;
    private final String solanaAccount;

    private DevnetDemo(Map<Long, Erc20> tokens, Escrow escrow, SolanaNode solana, String solanaAccount) {
        this.tokens = tokens;
        this.escrow = escrow;
        this.solana = solana;
        this.solanaAccount = solanaAccount;
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
        SolanaNode sol = devnet.solana();
        String mint = sol.createMint(8, SOLANA_SEED);
        if (!mint.equals(SOLANA_MINT)) {
            throw new DevnetException("demo SPL mint created at " + mint + ", expected " + SOLANA_MINT);
        }
        String account = sol.createTokenAccount(mint);
        LOG.infof("demo contracts: token %s on chains 1, 137, 43114; escrow %s on chain 1; SPL mint %s on solana",
                TOKEN, ESCROW, SOLANA_MINT);
        return new DevnetDemo(tokens, escrow, sol, account);
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

    /** The Solana shim holding the demo mint. */
    public SolanaNode solana() {
        return solana;
    }

    /** The demo user's token account of {@link #SOLANA_MINT}. */
    public String solanaAccount() {
        return solanaAccount;
    }

    /** The demo mint's supply on Solana, raw units. */
    public BigInteger solanaSupply() {
        return new BigInteger(solana.rpc().call("getTokenSupply", SOLANA_MINT).path("value").path("amount").asText());
    }

    /** Satoshis, for readability in the demo scenario. */
    public static BigInteger btc(long whole) {
        return BigInteger.valueOf(whole).multiply(BigInteger.valueOf(100_000_000L));
    }
}
