package dev.productingest.server.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.productingest.server.api.CatalogStats;
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

/** The catalog: a product by SKU (cached), pages of products, and the catalog's stats (cached). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"read", RouteScopes.PUBLIC_READ})
public final class ProductResource {
    // A page of 1000 products at the proto's limits would be about 100 MB; a page this size holds
    // hundreds of ordinary products, and a dozen of the largest.
    static final int MAX_PAGE_BYTES = 1 << 20;

    private final ObjectWriter json;
    private final ProductCache cache;
    private final ProductQueries products;
    private final StatsCache stats;
    private final RequestParameters parameters;

    /** @param json the application's JSON mapping, the one every other answer is written with */
    public ProductResource(ObjectMapper json, ProductCache cache, ProductQueries products, StatsCache stats, RequestParameters parameters) {
        this.json = json.writer();
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

    /** A page of at most {@code limit} products and {@value #MAX_PAGE_BYTES} bytes, whichever comes first. */
    @GET
    @Path("/products")
    public byte[] products(@QueryParam("category") String category, @QueryParam("active") String active,
            @QueryParam("after") String afterSku, @QueryParam("limit") String limit) {
        int n = parameters.limit(limit);
        ProductPage page = new ProductPage(json, n, MAX_PAGE_BYTES);
        products.page(parameters.category(category), parameters.active(active), parameters.afterSku(afterSku), n, page::add);
        return page.toJson();
    }

    @GET
    @Path("/stats")
    public CatalogStats stats() {
        return stats.get();
    }
}
