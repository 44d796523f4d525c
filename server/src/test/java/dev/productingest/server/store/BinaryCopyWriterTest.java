package dev.productingest.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/** Tuples written by the writer, read back by PostgreSQL, across many of its buffers and past its size. */
class BinaryCopyWriterTest {
    private static final int TUPLES = 20_000;
    private static final int LARGE_TUPLE = 777;

    @Test
    void everyValueArrivesAsWrittenIncludingValuesLargerThanTheBuffer() throws Exception {
        String large = "é".repeat(100_000); // 200,000 bytes of UTF-8
        String largeJson = "{\"k\":\"" + "x".repeat(150_000) + "\"}";
        try (Connection c = DriverManager.getConnection(TestDatabase.createDatabase());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (n int4, label text, big int8, flag bool, doc jsonb, at timestamptz)");
            PGCopyOutputStream copyIn =
                    new PGCopyOutputStream(c.unwrap(PGConnection.class), "COPY t FROM STDIN (FORMAT binary)");
            try (BinaryCopyWriter copy = new BinaryCopyWriter(copyIn)) {
                for (int i = 0; i < TUPLES; i++) {
                    copy.tuple(6)
                            .int4(i)
                            .text(i == LARGE_TUPLE ? large : "row-" + i)
                            .int8(-5_000_000_000L * i)
                            .bool(i % 3 == 0)
                            .jsonb(i == LARGE_TUPLE ? largeJson : "{\"i\":\"" + i + "\"}")
                            .timestamptz(1_700_000_000L + i, 123_456_000);
                }
            }

            try (ResultSet r = s.executeQuery("SELECT n, label, big, flag, doc->>'i', at FROM t ORDER BY n")) {
                int i = 0;
                while (r.next()) {
                    assertThat(r.getInt(1)).isEqualTo(i);
                    assertThat(r.getString(2)).isEqualTo(i == LARGE_TUPLE ? large : "row-" + i);
                    assertThat(r.getLong(3)).isEqualTo(-5_000_000_000L * i);
                    assertThat(r.getBoolean(4)).isEqualTo(i % 3 == 0);
                    assertThat(r.getString(5)).isEqualTo(i == LARGE_TUPLE ? null : String.valueOf(i));
                    assertThat(r.getObject(6, OffsetDateTime.class).toInstant())
                            .isEqualTo(Instant.ofEpochSecond(1_700_000_000L + i, 123_456_000));
                    i++;
                }
                assertThat(i).isEqualTo(TUPLES);
            }
            try (ResultSet r = s.executeQuery("SELECT length(doc->>'k') FROM t WHERE n = " + LARGE_TUPLE)) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(150_000);
            }
        }
    }
}
