package io.assay.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How an asset's proof of reserve is published and judged.
 *
 * @param deviationBps       a new feed round when the ratio moves by at least this many basis points
 * @param heartbeat          a new feed round at least this often
 * @param minRatio           reserves / circulating below this is under-collateralised
 * @param stalenessTolerance a chain whose indexed time lags the query time by more is stale
 */
public record AssetPolicy(long deviationBps, Duration heartbeat, BigDecimal minRatio, Duration stalenessTolerance) {
}
