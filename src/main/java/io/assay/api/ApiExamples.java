package io.assay.api;

/**
 * Example payloads shown in the OpenAPI document ({@code /q/openapi}, Swagger UI). They are answers of the demo
 * ({@code ./assay demo}) after its scenario finished (see the README's API tour), arrays shortened: reserves
 * 14 BTC on regtest, 19 dWBTC supplied on four chains, 6 locked in the bridge escrow, 13 circulating. The stale
 * answer follows the message format (the demo does not stop a node). Documentation only: nothing reads them.
 */
final class ApiExamples {
    private ApiExamples() {
    }

    static final String ROOT = """
            {"service":"assay","version":"0.1.0-SNAPSHOT","signer":"0xd09C87f629479200c384592541964a828444bD17",
             "assets":["wbtc-demo"],"chains":["avalanche","bitcoin","ethereum","polygon","solana"],
             "links":{"assets":"/v1/assets","chains":"/v1/chains","series":"/v1/series","openapi":"/q/openapi",
                      "swagger":"/q/swagger-ui","health":"/q/health","metrics":"/q/metrics"}}""";

    static final String ASSETS = """
            [{"id":"wbtc-demo","name":"Demo Wrapped BTC","symbol":"dWBTC","decimals":8,
              "chains":["bitcoin","ethereum","polygon","avalanche","solana"],"minRatio":"1.0","deviationBps":100,
              "heartbeat":"PT1M","stalenessTolerance":"PT30S"}]""";

    static final String SNAPSHOT = """
            {"asset":"wbtc-demo","asOf":"2026-11-21T08:45:41.379Z","status":"OK","ratio":"1.076923076923076923",
             "minRatio":"1.0","belowMinRatio":false,
             "reserves":{"raw":"1400000000","decimal":"14.00000000","decimals":8},
             "supply":{"raw":"1900000000","decimal":"19.00000000","decimals":8},
             "excluded":{"raw":"600000000","decimal":"6.00000000","decimals":8},
             "circulating":{"raw":"1300000000","decimal":"13.00000000","decimals":8},
             "reserveSources":[{"id":"custody-1","chain":"bitcoin","amount":{"raw":"1400000000","decimal":"14.00000000",
               "decimals":8},"height":108,"time":"2026-11-21T08:45:26Z","series":"wbtc-demo/bitcoin/reserve/custody-1"}],
             "supplyByChain":[{"id":"_total","chain":"ethereum","amount":{"raw":"700000000","decimal":"7.00000000",
               "decimals":8},"height":22,"time":"2026-11-21T08:45:06Z","series":"wbtc-demo/ethereum/supply/_total"}],
             "excludedHolders":[{"id":"bridge-escrow","chain":"ethereum","amount":{"raw":"600000000",
               "decimal":"6.00000000","decimals":8},"height":18,"time":"2026-11-21T08:45:01Z",
               "series":"wbtc-demo/ethereum/excluded/bridge-escrow"}],
             "chains":[{"chain":"bitcoin","height":108,"blockHash":"eeb28c6b8637f6071eed12c6f77ee0d4bce6bbbdcc14afaa4aff51bbb76f5b9e",
               "blockTime":"2026-11-21T08:45:26Z","coveredUntil":"2026-11-21T08:45:41.078Z","lagSeconds":0,"stale":false}]}""";

    static final String MINT_ALLOWED = """
            {"asset":"wbtc-demo","allowed":true,
             "requested":{"raw":"100000000","decimal":"1.00000000","decimals":8},
             "required":{"raw":"1400000000","decimal":"14.00000000","decimals":8},
             "headroom":{"raw":"0","decimal":"0.00000000","decimals":8},
             "reasons":[],"asOf":"2026-11-21T08:45:41.990Z","status":"OK","ratio":"1.076923076923076923",
             "reserves":{"raw":"1400000000","decimal":"14.00000000","decimals":8},
             "circulating":{"raw":"1300000000","decimal":"13.00000000","decimals":8}}""";

    static final String MINT_DENIED = """
            {"asset":"wbtc-demo","allowed":false,
             "requested":{"raw":"200000000","decimal":"2.00000000","decimals":8},
             "required":{"raw":"1500000000","decimal":"15.00000000","decimals":8},
             "headroom":{"raw":"-100000000","decimal":"-1.00000000","decimals":8},
             "reasons":["insufficient reserves: reserves 14.00000000 < required 15.00000000 (circulating 13.00000000 + requested 2.00000000, x minRatio 1.0); shortfall 100000000 raw units"],
             "asOf":"2026-11-21T08:45:42.181Z","status":"OK","ratio":"1.076923076923076923",
             "reserves":{"raw":"1400000000","decimal":"14.00000000","decimals":8},
             "circulating":{"raw":"1300000000","decimal":"13.00000000","decimals":8}}""";

    static final String MINT_STALE = """
            {"asset":"wbtc-demo","allowed":false,
             "requested":{"raw":"1","decimal":"0.00000001","decimals":8},
             "required":{"raw":"1300000001","decimal":"13.00000001","decimals":8},
             "headroom":{"raw":"99999999","decimal":"0.99999999","decimals":8},
             "reasons":["chain avalanche stale since 2026-11-21T08:46:02.512Z (lag 31s exceeds tolerance 30s)"],
             "asOf":"2026-11-21T08:46:33.601Z","status":"STALE","ratio":"1.076923076923076923",
             "reserves":{"raw":"1400000000","decimal":"14.00000000","decimals":8},
             "circulating":{"raw":"1300000000","decimal":"13.00000000","decimals":8}}""";
}
