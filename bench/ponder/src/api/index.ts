import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { eq } from "ponder";

const app = new Hono();

// The final supply, for the benchmark to compare with Assay's and the node's.
app.get("/supply", async (c) => {
  const rows = await db.select().from(schema.supply).where(eq(schema.supply.id, "total"));
  return c.json({ value: rows[0]?.value?.toString() ?? "0", block: rows[0]?.block?.toString() ?? "-1" });
});

export default app;
