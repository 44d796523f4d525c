package dev.productingest.server.resources;

import dev.productingest.server.api.CatalogStats;
import dev.productingest.server.api.Product;
import dev.productingest.server.api.ProductPage;
import dev.productingest.server.cache.ProductCache;
import dev.productingest.server.cache.StatsCache;
import dev.productingest.server.store.ProductQueries;
import jakarta.annotation.security.RolesAllowed;
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
@RolesAllowed({"read", RouteScopes.PUBLIC_READ})
public final class ProductResource {
    private final ProductCache cache;
    private final ProductQueries products;
    private final StatsCache stats;
    private final RequestParameters parameters;

    public ProductResource(ProductCache cache, ProductQueries products, StatsCache stats, RequestParameters parameters) {
        this.cache = cache;
        this.products = products;
        this.stats = stats;
        this.parameters = parameters;
    }

    /** The cached JSON as it is: Jersey writes bytes without mapping them again. */
    @GET
    @Path("/products/{sku}")
    public byte[] product(@PathParam("sku") String sku) {
        return cache.json(parameters.sku("sku", sku)).orElseThrow(() -> new NotFoundException("no product with SKU '" + sku + "'"));
    }

    @GET
    @Path("/products")
    public ProductPage products(@QueryParam("category") String category, @QueryParam("active") String active,
            @QueryParam("after") String afterSku, @QueryParam("limit") String limit) {
        int n = parameters.limit(limit);
        List<Product> page = products.page(parameters.category(category), parameters.active(active), parameters.afterSku(afterSku), n)
                .stream().map(Product::of).toList();
        return new ProductPage(page, page.size() == n ? page.get(n - 1).sku() : null);
    }

    @GET
    @Path("/stats")
    public CatalogStats stats() {
        return stats.get();
    }
}
