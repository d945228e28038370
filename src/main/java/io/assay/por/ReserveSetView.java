package io.assay.por;

import java.time.Instant;
import java.util.List;

/**
 * One reserve set at a moment: the members in force then and their balances then.
 *
 * @param id              the set's reserve source id
 * @param kind            contract, events, http or file
 * @param source          where its membership is read (contract, URL or file), as the profile gives it
 * @param chain           the Bitcoin chain holding its members' coins
 * @param membershipChain the store chain its membership is recorded under (null for a file)
 * @param lastRefresh     time of the membership chain's last commit (last block read, last good poll); null for a
 *                        file or before the first
 * @param members         members in force at the moment, in the order they are recorded
 * @param total           sum of the members' balances (null when a balance is unknown)
 * @param problems        why the set cannot be counted at the moment (empty when it can)
 */
public record ReserveSetView(String id, String kind, String source, String chain, String membershipChain,
                             Instant lastRefresh, List<Member> members, Amount total, List<String> problems) {
    /**
     * @param address   the entry as listed
     * @param script    scriptPubKey hex
     * @param since     when its current membership took effect (null for a file member: always)
     * @param balance   its balance at the moment, or null when not known then
     * @param height    Bitcoin block of that balance's last change (-1 when unknown)
     */
    public record Member(String address, String script, Instant since, Amount balance, long height) {
    }
}
