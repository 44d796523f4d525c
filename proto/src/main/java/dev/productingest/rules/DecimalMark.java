package dev.productingest.rules;

/** How a price written as text separates its fraction: {@code 12.34} or, as much of Europe writes it, {@code 12,34}. */
public enum DecimalMark {
    /** {@code 12.34}; a comma anywhere is refused, so {@code 1.234,5} and {@code 12,34} are never guessed at. */
    POINT,
    /**
     * {@code 12,34}, with points grouping thousands ({@code 1.234,50}, {@code 1.234.567}). Still refused: a single
     * point group without a comma ({@code 1.234}: a thousands point, or a decimal point written by mistake?), a point
     * that groups no thousands ({@code 12.5}), a point after the comma.
     */
    COMMA
}
