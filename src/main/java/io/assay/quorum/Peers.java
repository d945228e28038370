package io.assay.quorum;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where the peers are: {@code http://host:port} or {@code https://host:port} as given, or {@code dns://name:port}: every
 * address the name resolves to, each as {@code http://address:port} (a Kubernetes headless service's name resolves
 * to the IP of each ready pod). Resolved again at every collection, so pods that come and go are followed.
 */
public final class Peers {
    private Peers() {
    }

    /** Checks the form of each spec at startup; {@link IllegalArgumentException} naming the bad one. */
    public static List<String> check(List<String> specs) {
        for (String s : specs) {
            URI u = parse(s);
            if (u.getScheme().equals("dns") && u.getPort() < 0) {
                throw new IllegalArgumentException("peer '" + s + "': a dns:// peer needs a port (dns://name:8080)");
            }
        }
        return List.copyOf(specs);
    }

    /** The peers' base URLs, and one sentence per spec that could not be resolved. */
    public record Resolved(List<URI> urls, List<String> problems) {
    }

    public static Resolved resolve(List<String> specs) {
        Set<URI> out = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (String s : specs) {
            URI u = parse(s);
            if (!u.getScheme().equals("dns")) {
                out.add(u);
                continue;
            }
            try {
                for (InetAddress a : InetAddress.getAllByName(u.getHost())) {
                    String host = a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
                    out.add(URI.create("http://" + host + ":" + u.getPort()));
                }
            } catch (UnknownHostException e) {
                problems.add("peer " + s + ": name " + u.getHost() + " does not resolve");
            }
        }
        return new Resolved(List.copyOf(out), List.copyOf(problems));
    }

    private static URI parse(String spec) {
        URI u;
        try {
            u = new URI(spec.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("peer '" + spec + "': not a URL (" + e.getReason() + ")");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!Set.of("http", "https", "dns").contains(scheme) || u.getHost() == null) {
            throw new IllegalArgumentException("peer '" + spec + "': expected http://host:port, https://host:port or "
                    + "dns://name:port");
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("peer '" + spec + "': credentials in a peer URL are not supported");
        }
        return u;
    }
}
