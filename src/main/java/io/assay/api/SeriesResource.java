package io.assay.api;

import io.assay.store.Point;
import io.assay.store.SeriesCursor;
import io.assay.store.SeriesKey;
import io.assay.store.Store;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Raw series for data consumers: every point as recorded (height, block time, raw value). */
@Path("/v1/series")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "series", description = "Raw recorded series")
public class SeriesResource {
    @Inject
    Store store;

    @GET
    @Operation(summary = "Series keys (asset/chain/metric/source), optionally under a prefix such as wbtc/ or wbtc/ethereum/")
    public List<String> list(@QueryParam("prefix") String prefix) {
        return store.list(prefix == null ? "" : prefix).stream().map(SeriesKey::toString).sorted().toList();
    }

    @GET
    @Path("{asset}/{chain}/{metric}/{source}")
    @Operation(summary = "Points of one series with from <= time <= to (block time), oldest first, at most 'limit'")
    public Dto.SeriesDto points(@PathParam("asset") String asset, @PathParam("chain") String chain,
                                @PathParam("metric") String metric, @PathParam("source") String source,
                                @QueryParam("from") String from, @QueryParam("to") String to,
                                @QueryParam("limit") String limit) {
        SeriesKey key;
        try {
            key = new SeriesKey(asset, chain, metric, source);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        // parameters first: a malformed request is a 400 whether or not the series exists
        Instant start = Params.timeOr("from", from, Params.MIN_TIME);
        Instant end = Params.timeOr("to", to, Instant.now());
        if (start.isAfter(end)) {
            throw ApiException.badRequest("'from' (" + start + ") is after 'to' (" + end + ")");
        }
        int max = Params.limit("limit", limit, 1000, 100_000);
        OptionalInt id = store.find(key);
        if (id.isEmpty()) {
            throw ApiException.notFound("no series " + key + "; list them at /v1/series?prefix=" + asset + "/");
        }
        List<Dto.PointDto> points = new ArrayList<>();
        boolean truncated = false;
        try (SeriesCursor c = store.range(id.getAsInt(), start.toEpochMilli(), end.toEpochMilli())) {
            while (c.next()) {
                if (points.size() == max) {
                    truncated = true;
                    break;
                }
                Point p = c.point();
                points.add(new Dto.PointDto(p.height, Instant.ofEpochMilli(p.time), p.value.toString()));
            }
        }
        return new Dto.SeriesDto(key.toString(), id.getAsInt(), points, truncated);
    }
}
