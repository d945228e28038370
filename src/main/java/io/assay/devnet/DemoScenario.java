package io.assay.devnet;

import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's story, played on the devnet against the demo contracts: reserves arrive, tokens are minted,
 * bridged (locked in the Ethereum escrow, minted on Polygon, Avalanche and Solana), redeemed (burned), the
 * custodian tops up, then an unbacked mint on Avalanche opens a shortfall that a second top-up closes.
 *
 * <pre>
 * step                              reserves  supply eth/pol/ava/sol  escrow  circulating  ratio
 * 1 reserves funded                    10.0        0 /  0 /  0 / 0       0          0      -
 * 2 mint 8 on ethereum                 10.0        8 /  0 /  0 / 0       0          8   1.25
 * 3 bridge 3 to polygon                10.0        8 /  3 /  0 / 0       3          8   1.25
 * 4 bridge 2 to avalanche, 1 to solana 10.0        8 /  3 /  2 / 1       6          8   1.25
 * 5 burn 1 on ethereum (redeem)         9.0        7 /  3 /  2 / 1       6          7   1.2857
 * 6 reserve top-up +2                  11.0        7 /  3 /  2 / 1       6          7   1.5714
 * 7 unbacked mint 6 on avalanche       11.0        7 /  3 /  8 / 1       6         13   0.8461  (shortfall)
 * 8 reserve top-up +3                  14.0        7 /  3 /  8 / 1       6         13   1.0769  (recovered)
 * </pre>
 * (The redemption of step 5 also pays 1 BTC out of the reserves: the custodian's key for the demo script
 * is the well-known private key 1, imported into the devnet wallet.)
 */
public final class DemoScenario {
    private static final Logger LOG = Logger.getLogger(DemoScenario.class);

    /** Number of steps: {@link #step(int)} takes 1 to {@code STEPS}. */
    public static final int STEPS = 8;

    /** A step's label and what it did (for logs and tests). */
    public record Step(int number, String label) {
    }

    private final Devnet devnet;
    private final DevnetDemo demo;
    private final List<Step> played = new ArrayList<>();

    public DemoScenario(Devnet devnet, DevnetDemo demo) {
        this.devnet = devnet;
        this.demo = demo;
    }

    public List<Step> played() {
        return List.copyOf(played);
    }

    /** Every step in order; {@code between} runs after each step (e.g. wait for the indexers). */
    public void play(Runnable between) {
        for (int i = 1; i <= STEPS; i++) {
            step(i);
            between.run();
        }
    }

    /** Plays step {@code n} (1-8). Steps must be played in order on a fresh devnet. */
    public void step(int n) {
        String alice = devnet.evm(1).accounts().get(1);
        String owner = EvmNode.DEV_ACCOUNT;
        BitcoinNode btc = devnet.bitcoin();
        String label;
        switch (n) {
            case 1 -> {
                btc.payToScript(DevnetDemo.RESERVE_SCRIPT, 10 * BTC);
                btc.generate(2);
                label = "custodian receives 10 BTC";
            }
            case 2 -> {
                demo.token(1).mint(owner, alice, DevnetDemo.btc(8));
                label = "issuer mints 8 dWBTC on ethereum";
            }
            case 3 -> {
                demo.escrow().lock(alice, DevnetDemo.btc(3), 137, alice);
                demo.token(137).mint(owner, alice, DevnetDemo.btc(3));
                label = "bridge: 3 locked on ethereum, 3 minted on polygon";
            }
            case 4 -> {
                demo.escrow().lock(alice, DevnetDemo.btc(2), 43114, alice);
                demo.token(43114).mint(owner, alice, DevnetDemo.btc(2));
                // the Solana leg: the escrow only records the destination (id 0 stands for Solana in the demo, and
                // an EVM address cannot name the SPL token account the tokens arrive in)
                demo.escrow().lock(alice, DevnetDemo.btc(1), 0, alice);
                demo.solana().mintTo(DevnetDemo.SOLANA_MINT, demo.solanaAccount(), DevnetDemo.btc(1).toString());
                label = "bridge: 3 locked on ethereum, 2 minted on avalanche, 1 on solana";
            }
            case 5 -> {
                demo.token(1).burn(alice, DevnetDemo.btc(1));
                redeem(btc, BTC);
                label = "redemption: 1 burned on ethereum, custodian pays out 1 BTC";
            }
            case 6 -> {
                btc.payToScript(DevnetDemo.RESERVE_SCRIPT, 2 * BTC);
                btc.generate(2);
                label = "custodian tops up reserves with 2 BTC";
            }
            case 7 -> {
                demo.token(43114).mint(owner, alice, DevnetDemo.btc(6));
                label = "shortfall: 6 unbacked dWBTC minted on avalanche";
            }
            case 8 -> {
                btc.payToScript(DevnetDemo.RESERVE_SCRIPT, 3 * BTC);
                btc.generate(2);
                label = "custodian tops up reserves with 3 BTC: backing restored";
            }
            default -> throw new IllegalArgumentException("the demo has steps 1-8, not " + n);
        }
        // mine past the devnet profiles' finality depth so the step becomes final everywhere
        for (long chain : new long[]{1, 137, 43114}) {
            devnet.evm(chain).mine(3);
        }
        played.add(new Step(n, label));
        LOG.infof("demo step %d: %s", n, label);
    }

    private static final long BTC = 100_000_000L;

    /**
     * Spends {@code sats} out of the reserve script back to the devnet wallet, change to the reserve script:
     * the custodian paying out a redemption. The script's key is private key 1, imported into the wallet.
     */
    private static void redeem(BitcoinNode btc, long sats) {
        // WIF of private key 1, compressed, test-network version byte 0xef (bitcoinj's ECKey refuses key 1)
        byte[] payload = new byte[33];
        payload[31] = 1;
        payload[32] = 1;
        String wif = org.bitcoinj.base.Base58.encodeChecked(0xef, payload);
        // a wallet of its own, so the devnet wallet never spends the custodian's coins when it funds payments
        io.assay.chain.rpc.JsonRpcClient custody = btc.wallet("custody");
        if (!btc.rpc().call("listwallets").toString().contains("\"custody\"")) {
            btc.rpc().call("createwallet", "custody");
            custody.call("importprivkey", wif, "demo-custody", true);
        }
        String desc = "raw(" + DevnetDemo.RESERVE_SCRIPT + ")";
        String checksum = btc.rpc().call("getdescriptorinfo", desc).path("checksum").asText();
        String reserveAddress = btc.rpc().call("deriveaddresses", desc + "#" + checksum).get(0).asText();
        var utxos = custody.call("listunspent", 1, 9_999_999, List.of(reserveAddress));
        List<java.util.Map<String, Object>> inputs = new ArrayList<>();
        long total = 0;
        for (var u : utxos) {
            inputs.add(java.util.Map.of("txid", u.path("txid").asText(), "vout", u.path("vout").asInt()));
            total += u.path("amount").decimalValue().movePointRight(8).longValueExact();
        }
        long fee = 10_000;
        if (total < sats) {
            throw new DevnetException("reserve script holds " + total + " sats, cannot pay out " + sats);
        }
        java.util.Map<String, Object> outputs = new java.util.LinkedHashMap<>();
        // the redeemer pays the fee out of the payout, so reserves drop by exactly `sats`
        outputs.put(btc.miningAddress(), java.math.BigDecimal.valueOf(sats - fee, 8));
        outputs.put(reserveAddress, java.math.BigDecimal.valueOf(total - sats, 8));
        String raw = custody.call("createrawtransaction", inputs, outputs).asText();
        var signed = custody.call("signrawtransactionwithwallet", raw);
        if (!signed.path("complete").asBoolean()) {
            throw new DevnetException("could not sign the demo redemption: " + signed.path("errors"));
        }
        btc.rpc().call("sendrawtransaction", signed.path("hex").asText());
        btc.generate(2);
    }
}
