package io.assay.chain;

import io.assay.config.SetMember;
import io.assay.store.KeyValue;
import io.assay.store.Point;
import io.assay.store.SeriesKey;
import io.assay.store.SetMembers;
import io.assay.store.Store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records one reserve set's membership changes on its membership chain ({@link SetMembers}): a member entering is a
 * point 1 on its membership series (and its script in the chain's {@code members} state the first time), a member
 * leaving a point 0, both at the height and time of the block (or poll) where the change is seen. Written by the
 * membership chain's writer thread only, between its commits; rolled back with that chain.
 */
public final class MembershipLog {
    private final Store store;
    private final String chain;
    private final String asset;
    private final String setId;
    private final KeyValue state;
    /** Members in force as committed/applied so far, by tag. */
    private final Map<String, SetMembers.Member> current = new LinkedHashMap<>();
    private final Map<String, Integer> seriesIds = new HashMap<>();
    private final Point point = new Point();

    public MembershipLog(Store store, String membershipChain, String asset, String setId) {
        this.store = store;
        this.chain = membershipChain;
        this.asset = asset;
        this.setId = setId;
        this.state = SetMembers.state(store, membershipChain);
    }

    public String chain() {
        return chain;
    }

    /** Loads the members in force from the store (at start and after a rollback). */
    public void reload() {
        current.clear();
        seriesIds.clear();
        Map<String, SetMembers.Member> known = SetMembers.read(state);
        for (SeriesKey k : store.list(SetMembers.membershipPrefix(asset, chain))) {
            if (!k.source().startsWith(setId + ".")) {
                continue;
            }
            String tag = k.source().substring(setId.length() + 1);
            int id = store.series(k);
            seriesIds.put(tag, id);
            if (store.latest(id, point) && point.value.lo() == 1 && known.containsKey(tag)) {
                current.put(tag, known.get(tag));
            }
        }
    }

    /** Members in force now (as applied), in the order they entered. */
    public Collection<SetMembers.Member> current() {
        return List.copyOf(current.values());
    }

    public int size() {
        return current.size();
    }

    /** Makes {@code members} the set at {@code height}: enters the new ones, removes the missing ones. */
    public int replace(List<SetMember> members, long height, long time) {
        Map<String, SetMember> next = new LinkedHashMap<>();
        for (SetMember m : members) {
            next.putIfAbsent(SetMembers.tag(m.script()), m);
        }
        int changes = 0;
        for (String tag : new ArrayList<>(current.keySet())) {
            if (!next.containsKey(tag)) {
                remove(tag, height, time);
                changes++;
            }
        }
        for (Map.Entry<String, SetMember> e : next.entrySet()) {
            if (!current.containsKey(e.getKey())) {
                add(e.getValue(), height, time);
                changes++;
            }
        }
        return changes;
    }

    /** {@code m} enters the set at {@code height} (nothing if it is in force already). */
    public boolean add(SetMember m, long height, long time) {
        String tag = SetMembers.tag(m.script());
        if (current.containsKey(tag)) {
            return false;
        }
        byte[] key = SetMembers.stateKey(tag);
        if (state.get(key) == null) {
            state.put(key, SetMembers.encode(m.script(), m.display()));
        }
        store.append(series(tag), height, time, 0, 1);
        current.put(tag, new SetMembers.Member(tag, m.script(), m.display()));
        return true;
    }

    /** The member with {@code script} leaves the set at {@code height} (nothing if it is not in force). */
    public boolean remove(byte[] script, long height, long time) {
        String tag = SetMembers.tag(script);
        if (!current.containsKey(tag)) {
            return false;
        }
        remove(tag, height, time);
        return true;
    }

    private void remove(String tag, long height, long time) {
        store.append(series(tag), height, time, 0, 0);
        current.remove(tag);
    }

    private int series(String tag) {
        return seriesIds.computeIfAbsent(tag, t -> store.series(SetMembers.membership(asset, chain, setId, t)));
    }
}
