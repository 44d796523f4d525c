package dev.productingest.server.api;

import java.util.List;

/** One page of products in SKU order; {@code next} is the {@code after} of the following page, null on the last. */
public record ProductPage(List<Product> products, String next) {
}
