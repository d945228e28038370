package io.assay.api;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * History as CSV ({@code Accept: text/csv}): one row per point; amounts as exact decimal strings in the
 * asset unit, ratio as in JSON; empty cells where the snapshot was refused.
 */
@Provider
@Produces("text/csv")
public class HistoryCsv implements MessageBodyWriter<Dto.History> {
    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Dto.History.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(Dto.History h, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException, WebApplicationException {
        headers.putSingle("Content-Disposition", "inline; filename=\"" + h.asset() + "-history.csv\"");
        StringBuilder sb = new StringBuilder(64 + h.values().size() * 96);
        // the solvency columns appear when a liabilities publication is in force at some point of the range
        boolean solvency = h.values().stream().anyMatch(p -> p.liabilities() != null);
        sb.append("time,status,reserves,supply,excluded,circulating,ratio,incumbent")
                .append(solvency ? ",liabilities,solvency_ratio\n" : "\n");
        for (Dto.HistoryPoint p : h.values()) {
            sb.append(p.time()).append(',').append(p.status()).append(',')
                    .append(dec(p.reserves(), h.decimals())).append(',')
                    .append(dec(p.supply(), h.decimals())).append(',')
                    .append(dec(p.excluded(), h.decimals())).append(',')
                    .append(dec(p.circulating(), h.decimals())).append(',')
                    .append(p.ratio() == null ? "" : p.ratio()).append(',')
                    .append(dec(p.incumbent(), h.decimals()));
            if (solvency) {
                sb.append(',').append(dec(p.liabilities(), h.decimals())).append(',')
                        .append(p.solvencyRatio() == null ? "" : p.solvencyRatio());
            }
            sb.append('\n');
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String dec(String raw, int decimals) {
        return raw == null ? "" : new BigDecimal(new BigInteger(raw), decimals).toPlainString();
    }
}
