package dev.productingest.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.productingest.v1.FieldGroup;
import dev.productingest.v1.ProductRow;
import org.junit.jupiter.api.Test;

class RowValidatorTest {
    private static ProductRow.Builder valid() {
        return ProductRow.newBuilder()
                .setSku("SKU-1")
                .setName("Mug")
                .setPriceMinor(999)
                .setCurrency("EUR")
                .setStock(3)
                .setUpdatedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(5_000));
    }

    private static String fieldOf(ProductRow.Builder row) {
        return RowValidator.validate(row.build()).map(RowViolation::field).orElse("valid");
    }

    @Test
    void aCompleteRowIsValid() {
        assertEquals("valid", fieldOf(valid()));
        assertEquals("valid", fieldOf(valid().setSku("ÄÖ-ü_日本").putAttributes("size", "L")));
        assertEquals("valid", fieldOf(valid().setSku("X".repeat(64))));
    }

    private static ProductRow.Builder versionOnly() {
        return ProductRow.newBuilder().setSku("SKU-1").setUpdatedAt(valid().getUpdatedAt());
    }

    @Test
    void aPartialRowNeedsOnlyTheFieldsOfTheGroupsItNames() {
        assertEquals("valid", fieldOf(versionOnly().addGroups(FieldGroup.STOCK).setStock(4)));
        assertEquals("valid", fieldOf(versionOnly().addGroups(FieldGroup.STOCK)));
        assertEquals(
                "valid",
                fieldOf(versionOnly()
                        .addGroups(FieldGroup.PRICE)
                        .setPriceMinor(250)
                        .setCurrency("JPY")));
        assertEquals(
                "valid",
                fieldOf(versionOnly()
                        .addGroups(FieldGroup.CONTENT)
                        .addGroups(FieldGroup.STOCK)
                        .setName("Mug")
                        .putAttributes("size", "L")
                        .setStock(1)));
        assertEquals(
                "valid",
                fieldOf(valid().addGroups(FieldGroup.CONTENT)
                        .addGroups(FieldGroup.PRICE)
                        .addGroups(FieldGroup.STOCK)));
    }

    @Test
    void aNamedGroupIsCarriedWhole() {
        assertEquals(
                "currency", fieldOf(versionOnly().addGroups(FieldGroup.PRICE).setPriceMinor(250)));
        assertEquals(
                "price_minor",
                fieldOf(versionOnly()
                        .addGroups(FieldGroup.PRICE)
                        .setPriceMinor(-1)
                        .setCurrency("EUR")));
        assertEquals("name", fieldOf(versionOnly().addGroups(FieldGroup.CONTENT).setCategory("mugs")));
        assertEquals("stock", fieldOf(versionOnly().addGroups(FieldGroup.STOCK).setStock(-2)));
        assertEquals(
                "updated_at", fieldOf(versionOnly().addGroups(FieldGroup.STOCK).clearUpdatedAt()));
    }

    @Test
    void aFieldOfAGroupTheRowDoesNotNameIsRefusedNotDropped() {
        assertEquals("name", fieldOf(versionOnly().addGroups(FieldGroup.STOCK).setName("Mug")));
        assertEquals(
                "active",
                fieldOf(versionOnly()
                        .addGroups(FieldGroup.PRICE)
                        .setCurrency("EUR")
                        .setActive(true)));
        assertEquals(
                "attributes", fieldOf(versionOnly().addGroups(FieldGroup.STOCK).putAttributes("k", "v")));
        assertEquals(
                "price_minor", fieldOf(versionOnly().addGroups(FieldGroup.STOCK).setPriceMinor(5)));
        assertEquals(
                "currency",
                fieldOf(versionOnly()
                        .addGroups(FieldGroup.CONTENT)
                        .setName("Mug")
                        .setCurrency("EUR")));
        assertEquals(
                "stock",
                fieldOf(versionOnly()
                        .addGroups(FieldGroup.PRICE)
                        .setCurrency("EUR")
                        .setStock(3)));
        assertEquals(
                "stock belongs to the stock group, which the row does not name (it names price): add STOCK to its groups"
                        + " or leave stock unset",
                RowValidator.validate(versionOnly()
                                .addGroups(FieldGroup.PRICE)
                                .setCurrency("EUR")
                                .setStock(3)
                                .build())
                        .orElseThrow()
                        .reason());
    }

    @Test
    void groupsNameOnlyKnownGroupsAndNeverOnATombstone() {
        assertEquals("groups", fieldOf(versionOnly().addGroups(FieldGroup.FIELD_GROUP_UNSPECIFIED)));
        assertEquals("groups", fieldOf(versionOnly().addGroupsValue(9)));
        assertEquals("groups", fieldOf(versionOnly().setDeleted(true).addGroups(FieldGroup.STOCK)));
        assertEquals("valid", fieldOf(versionOnly().setDeleted(true)));
    }

    @Test
    void theFirstBrokenRuleNamesItsField() {
        assertEquals("sku", fieldOf(valid().setSku("")));
        assertEquals("sku", fieldOf(valid().setSku("X".repeat(65))));
        assertEquals("sku", fieldOf(valid().setSku("A\tB")));
        assertEquals("sku", fieldOf(valid().setSku("A\u00a0B")));
        assertEquals("name", fieldOf(valid().setName("")));
        assertEquals("category", fieldOf(valid().setCategory("c".repeat(257))));
        assertEquals("price_minor", fieldOf(valid().setPriceMinor(-1)));
        assertEquals("currency", fieldOf(valid().setCurrency("")));
        assertEquals("stock", fieldOf(valid().setStock(-1)));
        assertEquals("updated_at", fieldOf(valid().clearUpdatedAt()));
        assertEquals(
                "updated_at",
                fieldOf(valid().setUpdatedAt(
                                Timestamp.newBuilder().setSeconds(1).setNanos(1_000_000_000))));
        assertEquals("attributes", fieldOf(valid().putAttributes("", "v")));
        assertEquals("attributes", fieldOf(valid().putAttributes("k", "a\0")));
    }

    @Test
    void theReplacementCharacterOfAWrongDecodingIsRefusedInEveryTextField() {
        assertEquals("sku", fieldOf(valid().setSku("A\uFFFD")));
        assertEquals("name", fieldOf(valid().setName("Caf\uFFFD cr\uFFFDme")));
        assertEquals("description", fieldOf(valid().setDescription("\uFFFD")));
        assertEquals("category", fieldOf(valid().setCategory("k\uFFFDche")));
        assertEquals("attributes", fieldOf(valid().putAttributes("Gr\uFFFD\uFFFDe", "L")));
        assertEquals("attributes", fieldOf(valid().putAttributes("colour", "gr\uFFFDn")));
        assertTrue(RowValidator.validate(valid().setName("Caf\uFFFD").build())
                .orElseThrow()
                .reason()
                .contains("read the source in its own encoding"));
        assertEquals(
                "sku",
                fieldOf(ProductRow.newBuilder()
                        .setSku("T\uFFFD")
                        .setDeleted(true)
                        .setUpdatedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L))));
    }

    @Test
    void aTombstoneNeedsOnlyAValidSkuAndVersion() {
        ProductRow.Builder tombstone = ProductRow.newBuilder()
                .setSku("SKU-1")
                .setDeleted(true)
                .setUpdatedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L));
        assertEquals("valid", fieldOf(tombstone.clone()));
        assertEquals("valid", fieldOf(tombstone.clone().setPriceMinor(-1).setCurrency("nope")));
        assertEquals("sku", fieldOf(tombstone.clone().setSku("A B")));
        assertEquals("updated_at", fieldOf(tombstone.clone().clearUpdatedAt()));
        assertEquals(
                "updated_at",
                fieldOf(tombstone
                        .clone()
                        .setUpdatedAt(Timestamp.newBuilder().setSeconds(1).setNanos(1))));
    }

    @Test
    void everyAsciiCharacterIsJudgedInASkuAsJavaJudgesIt() {
        for (char c = 0; c < 0x80; c++) {
            boolean spaceOrControl = Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
            assertEquals(spaceOrControl, RowValidator.validateSku("A" + c + "B").isPresent(), "character " + (int) c);
        }
        assertTrue(RowValidator.validateSku("A\u2003B").isPresent(), "an em space");
        assertTrue(RowValidator.validateSku("A\u0085B").isPresent(), "a C1 control character");
    }

    @Test
    void aSkuOfSixtyFourCharactersOutsideTheBasicPlaneIsStillValid() {
        // 64 code points, 128 UTF-16 units: the limit counts characters as a person does.
        assertEquals("valid", fieldOf(valid().setSku("😀".repeat(64))));
        assertTrue(
                RowValidator.validate(valid().setSku("😀".repeat(65)).build()).isPresent());
    }
}
