package io.assay.chain.solana;

import io.assay.chain.ChainHaltedException;
import io.assay.chain.rpc.RpcException;
import io.assay.chain.solana.SolanaClient.AccountInfo;
import io.assay.chain.solana.SolanaTracking.Kind;
import io.assay.chain.solana.SolanaTracking.Value;

import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * The tracked addresses as the chain shows them: each must exist and be what the profiles declare (a mint with
 * the declared decimals, a token account of the asset's mint, a reserve account whose mint has the declared
 * decimals). A contradiction halts the chain with a message naming the profile entry; a mint that does not
 * exist yet is retried, a token account that does not exist (closed, or not created yet) holds nothing. Also
 * knows the mint each value is counted in (learned for reserve accounts).
 */
final class TrackedAccounts {
    private static final Logger LOG = Logger.getLogger(TrackedAccounts.class);
    private final String chain;
    private final List<Value> values;
    private final SolanaRpc rpc;
    private final String[] mints;

    TrackedAccounts(String chain, List<Value> values, SolanaRpc rpc) {
        this.chain = chain;
        this.values = values;
        this.rpc = rpc;
        this.mints = new String[values.size()];
        for (Value v : values) {
            mints[v.index()] = v.mint();
        }
    }

    /** The mint value {@code i} is counted in (null for a reserve account before {@link #check}). */
    String mint(int i) {
        return mints[i];
    }

    /** Every tracked address exists and is what the profiles declare; learns each reserve account's mint. */
    void check() {
        if (values.isEmpty()) {
            return;
        }
        List<AccountInfo> infos = rpc.batched("getAccountInfo", values,
                v -> SolanaClient.accountInfoCall(v.address(), rpc.commitment()),
                (v, n) -> SolanaClient.parseAccountInfo(n, v.address()).value());
        for (Value v : values) {
            AccountInfo a = infos.get(v.index());
            String what = v.kind() == Kind.SUPPLY ? "mint" : "token account";
            if (a == null && v.kind() == Kind.BALANCE) {
                // closed (its balance was zero) or not created yet: it holds nothing, and its history says when
                LOG.warnf("%s: token account %s does not exist at the %s slot: counted as 0 until it does (%s)",
                        chain, v.address(), rpc.commitment().wire(), where(v));
                continue;
            }
            if (a == null) {
                throw new RpcException(chain + ": " + what + " " + v.address() + " does not exist at the "
                        + rpc.commitment().wire() + " slot (not created yet, or another cluster?)", 0, 0, true, 0, null);
            }
            if (!a.isTokenProgram()) {
                throw new ChainHaltedException(chain + ": " + v.address() + " is owned by program " + a.owner()
                        + ", not the SPL Token program: it is not a " + what + " (" + where(v) + ")");
            }
            String type = v.kind() == Kind.SUPPLY ? "mint" : "account";
            if (!type.equals(a.type())) {
                throw new ChainHaltedException(chain + ": " + v.address() + " is an SPL "
                        + (a.type() == null ? "account of unknown type" : a.type()) + ", not a " + what
                        + " (" + where(v) + ")");
            }
            if (v.kind() == Kind.BALANCE) {
                if (v.mint() != null && !v.mint().equals(a.mint())) {
                    throw new ChainHaltedException(chain + ": token account " + v.address() + " holds mint "
                            + a.mint() + ", not the asset's mint " + v.mint() + " (" + where(v) + ")");
                }
                mints[v.index()] = a.mint();
            }
            checkDecimals(v, a.decimals(), v.kind() == Kind.SUPPLY ? "mint " + v.address()
                    : "token account " + v.address() + " (mint " + a.mint() + ")");
        }
    }

    void checkDecimals(Value v, int actual, String who) {
        for (Map.Entry<String, Integer> e : v.declared().entrySet()) {
            if (e.getValue() != actual) {
                throw new ChainHaltedException(e.getKey() + " = " + e.getValue() + ", but " + who + " on "
                        + chain + " has " + actual + " decimals; fix the profile (amounts would be misread)");
            }
        }
    }

    private static String where(Value v) {
        return String.join(", ", v.declared().keySet());
    }

}
