// ponder@1.0.0 on this registry is the 0.10 line: networks/chainId/transport, not 1.x chains (bench/RESULTS.md, "EVM backfill").
import { createConfig } from "ponder";
import { http } from "viem";
import { TokenAbi } from "./abis/Token";

export default createConfig({
  networks: {
    anvil: {
      chainId: Number(process.env.BENCH_CHAIN_ID ?? 1),
      transport: http(process.env.BENCH_RPC_URL),
      disableCache: true,
    },
  },
  contracts: {
    Token: {
      network: "anvil",
      abi: TokenAbi,
      address: process.env.BENCH_TOKEN as `0x${string}`,
      startBlock: 0,
    },
  },
});
