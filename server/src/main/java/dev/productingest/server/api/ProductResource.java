package dev.productingest.server.api;

import dev.productingest.server.cache.ProductCache;
import dev.productingest.server.cache.StatsCache;
import dev.productingest.server.store.ProductQueries;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The catalog: a product by SKU (cached), pages of products, and the catalog's stats (cached). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class ProductResource {
    private final ProductCache cache;
    private final ProductQueries products;
    private final StatsCache stats;
    private final PageLimit limits;

    public ProductResource(ProductCache cache, ProductQueries products, StatsCache stats, PageLimit limits) {
        this.cache = cache;
        this.products = products;
        this.stats = stats;
        this.limits = limits;
    }

    @GET
    @Path("/products/{sku}")
    public Product product(@PathParam("sku") String sku) {
        return cache.get(sku).orElseThrow(() -> new NotFoundException("no product with SKU '" + sku + "'"));
    }

    @GET
    @Path("/products")
    public ProductPage products(@QueryParam("category") String category, @QueryParam("active") String active,
            @QueryParam("after") @DefaultValue("") String afterSku, @QueryParam("limit") Integer limit) {
        int n = limits.of(limit);
        List<Product> page = products.page(category, active(active), afterSku, n);
        return new ProductPage(page, page.size() == n ? page.get(n - 1).sku() : null);
    }

    @GET
    @Path("/stats")
    public CatalogStats stats() {
        return stats.get();
    }

    private static Boolean active(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadRequestException("active '" + text + "' is not true or false");
        };
    }
}
