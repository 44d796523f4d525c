package dev.productingest.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.productingest.v1.RowError;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectCsvTest {
    @Test
    void aCellThatASpreadsheetWouldReadAsAFormulaStartsWithAnApostrophe() {
        assertEquals(
                "'=HYPERLINK(\"http://evil.example/\",\"click\")",
                RejectCsv.cell("=HYPERLINK(\"http://evil.example/\",\"click\")"));
        assertEquals("'+1+cmd|' /C calc'!A0", RejectCsv.cell("+1+cmd|' /C calc'!A0"));
        assertEquals("'-2+3", RejectCsv.cell("-2+3"));
        assertEquals("'@SUM(A1:A9)", RejectCsv.cell("@SUM(A1:A9)"));
        assertEquals("'\t=1", RejectCsv.cell("\t=1"));
        assertEquals("'\r=1", RejectCsv.cell("\r=1"));
        assertEquals("'  =1+1", RejectCsv.cell("  =1+1"), "after spaces");
        assertEquals("'\uFF1D1+1", RejectCsv.cell("\uFF1D1+1"), "a full-width equals sign");
    }

    @Test
    void anyOtherCellIsKeptAsItIs() {
        for (String text :
                new String[] {"SKU-1", "price '1.001' has more than 2 fraction digits", "a=b", "'quoted", "   ", "1.5"
                }) {
            assertSame(text, RejectCsv.cell(text), text);
        }
        assertEquals("", RejectCsv.cell(""));
    }

    @Test
    void aRecordIsTheOffsetAndTheThreeTextCellsMadeSafe() {
        RowError reject = RowError.newBuilder()
                .setOffset(7)
                .setSku("=cmd")
                .setField("@price")
                .setReason("-1 is below zero")
                .build();

        assertEquals(List.of("7", "'=cmd", "'@price", "'-1 is below zero"), RejectCsv.record(reject));
        assertEquals(List.of("offset", "sku", "field", "reason"), RejectCsv.HEADER);
    }
}
