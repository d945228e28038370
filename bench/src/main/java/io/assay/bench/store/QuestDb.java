package io.assay.bench.store;

import io.questdb.cairo.CairoConfiguration;
import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.DefaultCairoConfiguration;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.griffin.SqlException;
import io.questdb.griffin.SqlExecutionContext;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.questdb.griffin.engine.functions.bind.BindVariableServiceImpl;
import java.nio.file.Path;

/**
 * QuestDB embedded (the peer): one engine over a directory, non-WAL tables written with {@link TableWriter} (its
 * fastest ingestion path) and queries compiled once with bind variables. Timestamps are microseconds (our times are
 * milliseconds, times 1000). Commit mode is QuestDB's default ({@code nosync}).
 */
final class QuestDb implements AutoCloseable {
    final CairoEngine engine;
    final SqlExecutionContext ctx;

    QuestDb(Path dir) {
        CairoConfiguration conf = new DefaultCairoConfiguration(dir.toString());
        engine = new CairoEngine(conf);
        ctx = new SqlExecutionContextImpl(engine, 1).with(AllowAllSecurityContext.INSTANCE,
                new BindVariableServiceImpl(conf));
    }

    /** One series: a symbol key, the height, the int128 value as two longs and the designated timestamp. */
    void createSeriesTable(String name) {
        execute("CREATE TABLE " + name + " (s SYMBOL, h LONG, hi LONG, lo LONG, ts TIMESTAMP) TIMESTAMP(ts)"
                + " PARTITION BY MONTH BYPASS WAL");
    }

    /** One series and nothing else (QuestDB's cheapest shape for a single series: no key column). */
    void createAppendTable(String name) {
        execute("CREATE TABLE " + name + " (h LONG, hi LONG, lo LONG, ts TIMESTAMP) TIMESTAMP(ts)"
                + " PARTITION BY MONTH BYPASS WAL");
    }

    /** Many series in one table, keyed by an int id (cheaper than a symbol with 100,000 values). */
    void createManySeriesTable(String name) {
        execute("CREATE TABLE " + name + " (sid INT, h LONG, hi LONG, lo LONG, ts TIMESTAMP) TIMESTAMP(ts)"
                + " PARTITION BY MONTH BYPASS WAL");
    }

    void drop(String name) {
        execute("DROP TABLE IF EXISTS " + name);
    }

    void execute(String sql) {
        try {
            engine.execute(sql, ctx);
        } catch (SqlException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    TableWriter writer(String table) {
        return engine.getWriter(engine.verifyTableName(table), "bench");
    }

    /** Loads the shared data set, committing every 100,000 rows. */
    void load(String table, int points) {
        try (TableWriter w = writer(table)) {
            BenchData.Gen g = new BenchData.Gen();
            for (int i = 0; i < points; i++) {
                g.next();
                TableWriter.Row r = w.newRow(g.time * 1000);
                r.putSym(0, "s0");
                r.putLong(1, g.height);
                r.putLong(2, g.hi);
                r.putLong(3, g.lo);
                r.append();
                if (i % 100_000 == 99_999) {
                    w.commit();
                }
            }
            w.commit();
        }
    }

    /** Compiles {@code sql} whose bind variables {@code $1..$n} are timestamps. */
    RecordCursorFactory compile(String sql, int timestampBinds) {
        try {
            for (int i = 0; i < timestampBinds; i++) {
                ctx.getBindVariableService().setTimestamp(i);
            }
            return engine.select(sql, ctx);
        } catch (SqlException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    void bind(int index, long timestampMicros) {
        try {
            ctx.getBindVariableService().setTimestamp(index, timestampMicros);
        } catch (SqlException e) {
            throw new IllegalStateException(e);
        }
    }

    RecordCursor cursor(RecordCursorFactory f) {
        try {
            return f.getCursor(ctx);
        } catch (SqlException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
