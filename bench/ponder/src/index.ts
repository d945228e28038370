import { ponder } from "ponder:registry";
import { supply } from "ponder:schema";

const ZERO = "0x0000000000000000000000000000000000000000";

ponder.on("Token:Transfer", async ({ event, context }) => {
  let delta = 0n;
  if (event.args.from === ZERO) delta += event.args.value;
  if (event.args.to === ZERO) delta -= event.args.value;
  if (delta === 0n) return;
  await context.db
    .insert(supply)
    .values({ id: "total", value: delta, block: event.block.number })
    .onConflictDoUpdate((row) => ({ value: row.value + delta, block: event.block.number }));
});
