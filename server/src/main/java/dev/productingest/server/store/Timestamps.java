package dev.productingest.server.store;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Conversions between protobuf, java.time and PostgreSQL timestamps. */
public final class Timestamps {
    private Timestamps() {}

    public static Instant toInstant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    public static Timestamp toProto(Instant i) {
        return Timestamp.newBuilder()
                .setSeconds(i.getEpochSecond())
                .setNanos(i.getNano())
                .build();
    }

    public static Instant toInstant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
