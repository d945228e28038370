package io.assay.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every chain and asset profile, validated together (assets only reference chains that exist). */
public record Profiles(Map<String, ChainProfile> chains, Map<String, AssetProfile> assets) {
    public Optional<ChainProfile> chain(String name) {
        return Optional.ofNullable(chains.get(name));
    }

    public Optional<AssetProfile> asset(String id) {
        return Optional.ofNullable(assets.get(id));
    }

    public List<ChainProfile> chainsOf(ChainFamily family) {
        return chains.values().stream().filter(c -> c.family() == family).toList();
    }
}
