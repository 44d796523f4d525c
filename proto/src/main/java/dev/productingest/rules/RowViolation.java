package dev.productingest.rules;

/** Why a row is not valid: the field at fault ("row" when no single field is) and a reason a person can act on. */
public record RowViolation(String field, String reason) {}
