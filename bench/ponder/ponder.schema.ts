import { onchainTable } from "ponder";

// One row: the token's total supply in raw units, from Transfer mint (from = 0x0) and burn (to = 0x0) logs.
export const supply = onchainTable("supply", (t) => ({
  id: t.text().primaryKey(),
  value: t.bigint().notNull(),
  block: t.bigint().notNull(),
}));
