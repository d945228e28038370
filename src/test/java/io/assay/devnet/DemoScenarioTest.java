package io.assay.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo story leaves exactly the on-chain state its table promises, step by step. */
class DemoScenarioTest {
    private static BigInteger btc(long n) {
        return DevnetDemo.btc(n);
    }

    private static final long[] CIRCULATING = {0, 8, 8, 8, 7, 7, 13, 13};

    @Test
    void everyStepLeavesTheStateOfTheTable() {
        // expected after each step: reserves, supply eth, pol, ava, sol, escrow
        long[][] table = {
                {10, 0, 0, 0, 0, 0},
                {10, 8, 0, 0, 0, 0},
                {10, 8, 3, 0, 0, 3},
                {10, 8, 3, 2, 1, 6},
                {9, 7, 3, 2, 1, 6},
                {11, 7, 3, 2, 1, 6},
                {11, 7, 3, 8, 1, 6},
                {14, 7, 3, 8, 1, 6},
        };
        try (Devnet d = Devnet.start(Devnet.Node.all())) {
            DevnetDemo demo = DevnetDemo.deploy(d);
            DemoScenario s = new DemoScenario(d, demo);
            for (int step = 1; step <= 8; step++) {
                s.step(step);
                long[] row = table[step - 1];
                assertEquals(btc(row[0]), reserveSats(d.bitcoin()), "reserves after step " + step);
                assertEquals(btc(row[1]), demo.token(1).totalSupply("latest"), "ethereum supply after step " + step);
                assertEquals(btc(row[2]), demo.token(137).totalSupply("latest"), "polygon supply after step " + step);
                assertEquals(btc(row[3]), demo.token(43114).totalSupply("latest"), "avalanche supply after step " + step);
                assertEquals(btc(row[4]), demo.solanaSupply(), "solana supply after step " + step);
                assertEquals(btc(row[5]), demo.token(1).balanceOf(DevnetDemo.ESCROW, "latest"), "escrow after step " + step);
                // circulating = supply everywhere - escrow: the table's column, unchanged by the Solana leg
                BigInteger circulating = demo.token(1).totalSupply("latest").add(demo.token(137).totalSupply("latest"))
                        .add(demo.token(43114).totalSupply("latest")).add(demo.solanaSupply())
                        .subtract(demo.token(1).balanceOf(DevnetDemo.ESCROW, "latest"));
                assertEquals(btc(CIRCULATING[step - 1]), circulating, "circulating after step " + step);
            }
            assertEquals(8, s.played().size());
        }
    }

    /** The reserve script's confirmed balance by the node's own UTXO scan. */
    static BigInteger reserveSats(BitcoinNode b) {
        JsonNode r = b.rpc().call("scantxoutset", "start", List.of("raw(" + DevnetDemo.RESERVE_SCRIPT + ")"));
        return r.path("total_amount").decimalValue().movePointRight(8).toBigIntegerExact();
    }
}
