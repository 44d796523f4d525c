package dev.productingest.server.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import dev.productingest.server.store.StoredVersion;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowChunk;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jol.info.GraphLayout;

/**
 * The memory budget's estimate of a message against the heap its rows really take, as JOL measures this JVM's objects:
 * never much below it (the budget would let the heap overflow), never far above (it would stall ingest), for rows from
 * 20 bytes to 2 KB and beyond.
 */
class HeapCostTest {
    static {
        // JOL reads the fields of records (StoredVersion) only this way on Java 17 without an agent.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private static final int ROWS = 200;
    // A reference in an array, with compressed references (heaps below 32 GB).
    private static final int REFERENCE = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("tiny, about 20 bytes", (IntFunction<ProductRow>) HeapCostTest::tiny),
                Arguments.of("typical, two attributes", (IntFunction<ProductRow>) HeapCostTest::typical),
                Arguments.of("rich, a 2 KB description", (IntFunction<ProductRow>) HeapCostTest::rich),
                Arguments.of("64 attributes", (IntFunction<ProductRow>) HeapCostTest::manyAttributes),
                Arguments.of("a tombstone", (IntFunction<ProductRow>) i -> ProductRow.newBuilder()
                        .setSku(sku(i))
                        .setDeleted(true)
                        .setUpdatedAt(at(i))
                        .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void parsedRowsAreCountedWithinTheirMeasuredHeap(String shape, IntFunction<ProductRow> rows) {
        byte[] wire = chunkOf(rows).toByteArray();
        HeapCost cost = costOf(wire);

        double measured = perRow(parse(wire).getChunk().getRowsList().toArray());
        double estimated = (double) (cost.parsed() - HeapCost.MESSAGE) / ROWS - HeapCost.BATCH_ENTRY;
        System.out.printf(
                "%s: %d bytes on the wire, parsed %.0f bytes measured, %.0f estimated, %d in all with stored versions and statement%n",
                shape, wire.length / ROWS, measured, estimated, cost.heapBytes() / ROWS);
        assertThat(estimated / measured).as(shape).isBetween(0.97, 1.25);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void storedVersionsAreCountedWithinTheirMeasuredHeap(String shape, IntFunction<ProductRow> rows) throws Exception {
        byte[] wire = chunkOf(rows).toByteArray();
        HeapCost cost = costOf(wire);

        double measured = perRow(storedAsAWriterReadsThem(parse(wire).getChunk().getRowsList())
                .entrySet()
                .toArray());
        System.out.printf(
                "%s: stored versions %.0f bytes measured, %d estimated%n", shape, measured, cost.stored() / ROWS);
        assertThat(cost.stored() / ROWS / measured).as(shape).isBetween(0.97, 1.35);
    }

    @Test
    void aRowCostsTensOfTimesItsWireSizeWhenTiny() {
        byte[] wire = chunkOf(HeapCostTest::tiny).toByteArray();

        HeapCost cost = costOf(wire);

        assertThat(wire.length / ROWS).isLessThanOrEqualTo(26);
        assertThat(cost.heapBytes() / ROWS).isGreaterThan(20L * (wire.length / ROWS));
    }

    @Test
    void textBeyondLatin1CountsTwoBytesACharacter() {
        byte[] latin = chunkOf(i -> typical(i).toBuilder()
                        .setDescription("Crème brûlée, ".repeat(20))
                        .build())
                .toByteArray();
        byte[] wide = chunkOf(i -> typical(i).toBuilder()
                        .setDescription("Crème “brûlée” ".repeat(20))
                        .build())
                .toByteArray();

        long latinText = costOf(latin).parsed();
        long wideText = costOf(wide).parsed();
        double measuredWide = perRow(parse(wide).getChunk().getRowsList().toArray());

        assertThat(wideText - latinText).isGreaterThan(ROWS * 300L);
        assertThat((double) wideText / ROWS).isGreaterThanOrEqualTo(measuredWide);
    }

    @Test
    void fieldsThisServerDoesNotKnowAreCountedAsProtobufKeepsThem() {
        UnknownFieldSet.Builder unknown = UnknownFieldSet.newBuilder();
        for (int f = 100; f < 120; f++) {
            unknown.addField(f, UnknownFieldSet.Field.newBuilder().addVarint(f).build());
        }
        byte[] wire = chunkOf(i ->
                        tiny(i).toBuilder().setUnknownFields(unknown.build()).build())
                .toByteArray();

        double measured = perRow(parse(wire).getChunk().getRowsList().toArray());

        assertThat((double) costOf(wire).parsed() / ROWS).isGreaterThanOrEqualTo(measured);
    }

    @Test
    void bytesThatAreNoIngestRequestAreRefusedBeforeAnythingIsParsed() {
        byte[] cutShort = {0x12, 0x10, 0x12, 0x05, 0x0a};
        byte[] groupField = {0x13, 0x14};

        assertThatThrownBy(() -> costOf(cutShort)).isInstanceOf(WireCursor.UnreadableMessage.class);
        assertThatThrownBy(() -> costOf(groupField)).isInstanceOf(WireCursor.UnreadableMessage.class);
    }

    @Test
    void aMessageSplitOverManyBuffersCostsTheSame() {
        byte[] wire = chunkOf(HeapCostTest::typical).toByteArray();
        List<ByteBuffer> pieces = new java.util.ArrayList<>();
        for (int at = 0; at < wire.length; at += 1000) {
            pieces.add(
                    ByteBuffer.wrap(wire, at, Math.min(1000, wire.length - at)).slice());
        }

        assertThat(HeapCost.of(pieces, wire.length)).isEqualTo(costOf(wire));
    }

    private static HeapCost costOf(byte[] wire) {
        return HeapCost.of(List.of(ByteBuffer.wrap(wire)), wire.length);
    }

    private static IngestRequest parse(byte[] wire) {
        try {
            return IngestRequest.parseFrom(wire);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static IngestRequest chunkOf(IntFunction<ProductRow> rows) {
        RowChunk.Builder chunk = RowChunk.newBuilder().setFirstOffset(0);
        for (int i = 0; i < ROWS; i++) {
            chunk.addRows(rows.apply(i));
        }
        return IngestRequest.newBuilder().setChunk(chunk).build();
    }

    /**
     * As ProductStore.lockCurrent makes them: a map sized for the batch, and every value a string of its own (the
     * driver's), the attributes read from JSON by Jackson.
     */
    private static Map<String, StoredVersion> storedAsAWriterReadsThem(List<ProductRow> rows) throws Exception {
        Map<String, StoredVersion> stored = new HashMap<>(rows.size() * 2);
        for (ProductRow r : rows) {
            Map<String, String> attributes =
                    JSON.readValue(JSON.writeValueAsString(r.getAttributesMap()), new TypeReference<>() {});
            // A whole product's price and stock versions are its content's (stored as NULL, read as it).
            Instant at = Instant.ofEpochSecond(
                    r.getUpdatedAt().getSeconds(), r.getUpdatedAt().getNanos());
            stored.put(
                    fresh(r.getSku()),
                    new StoredVersion(
                            fresh(r.getName()),
                            fresh(r.getDescription()),
                            fresh(r.getCategory()),
                            r.getPriceMinor(),
                            fresh(r.getCurrency()),
                            r.getStock(),
                            r.getActive(),
                            attributes,
                            at,
                            r.getDeleted(),
                            at,
                            at));
        }
        return stored;
    }

    private static String fresh(String s) {
        return new String(s.toCharArray());
    }

    /**
     * What each of these objects takes beyond what they share (protobuf's descriptors, the maps' defaults): the graph
     * of all of them less the graph of half of them, per object, less the array's reference to it.
     */
    private static double perRow(Object[] objects) {
        Object[] half = Arrays.copyOf(objects, objects.length / 2);
        long all = GraphLayout.parseInstance((Object) objects).totalSize();
        long some = GraphLayout.parseInstance((Object) half).totalSize();
        return (double) (all - some) / (objects.length - half.length) - REFERENCE;
    }

    private static String sku(int i) {
        return String.format("T%05d", i);
    }

    private static Timestamp at(int i) {
        return Timestamp.newBuilder().setSeconds(1_704_067_200L + i).build();
    }

    /** About 20 bytes on the wire: a short SKU and name, a currency, a version time. */
    static ProductRow tiny(int i) {
        return ProductRow.newBuilder()
                .setSku(sku(i))
                .setName("n")
                .setCurrency("EUR")
                .setUpdatedAt(at(i))
                .build();
    }

    /** Like the suite's catalog: short texts, two attributes. */
    static ProductRow typical(int i) {
        return ProductRow.newBuilder()
                .setSku(String.format("SKU-%08d", i))
                .setName("Product number " + i)
                .setDescription("A sturdy product of the catalog, described in a sentence, number " + i)
                .setCategory("category-" + i % 20)
                .setPriceMinor(1_000 + i)
                .setCurrency("EUR")
                .setStock(i % 50)
                .setActive(true)
                .setUpdatedAt(at(i))
                .putAttributes("colour", "red")
                .putAttributes("size", "M")
                .build();
    }

    /** As the many-producers load sends them: a 2 KB description and one attribute. */
    static ProductRow rich(int i) {
        return typical(i).toBuilder()
                .setDescription(("Described at length for a rich catalog, row " + i + ". ")
                        .repeat(60)
                        .substring(0, 2_000))
                .clearAttributes()
                .putAttributes("producer", "7")
                .build();
    }

    static ProductRow manyAttributes(int i) {
        ProductRow.Builder row = typical(i).toBuilder();
        for (int a = 0; a < 64; a++) {
            row.putAttributes("attribute-" + a, "value " + (i + a));
        }
        return row.build();
    }
}
