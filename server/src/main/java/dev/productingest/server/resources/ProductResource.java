package dev.productingest.server.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.productingest.server.api.CatalogStats;
import dev.productingest.server.api.ProductLookup;
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
import java.util.Optional;

/**
 * The catalog: a product by SKU (cached), by path or by a lookup of several SKUs, pages of products, and the catalog's
 * stats (cached).
 */
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
    public ProductResource(
            ObjectMapper json,
            ProductCache cache,
            ProductQueries products,
            StatsCache stats,
            RequestParameters parameters) {
        this.json = json.writer();
        this.cache = cache;
        this.products = products;
        this.stats = stats;
        this.parameters = parameters;
    }

    /**
     * The cached JSON as it is: Jersey writes bytes without mapping them again. The SKU is the path's last segment
     * percent-decoded once, so any SKU the row rules accept can be asked for ({@link SkuPaths}).
     */
    @GET
    @Path("/products/{sku}")
    public byte[] product(@PathParam("sku") String sku) {
        return cache.json(parameters.sku("sku", sku))
                .orElseThrow(() -> new NotFoundException("no product with SKU '" + sku + "'"));
    }

    /**
     * With {@code sku} (once or several times): a lookup of those products, through the same cache as by path, for
     * clients and proxies that rewrite paths. Without: a page of at most {@code limit} products and
     * {@value #MAX_PAGE_BYTES} bytes, whichever comes first.
     */
    @GET
    @Path("/products")
    public byte[] products(
            @QueryParam("sku") List<String> skus,
            @QueryParam("category") String category,
            @QueryParam("active") String active,
            @QueryParam("after") String afterSku,
            @QueryParam("limit") String limit) {
        if (!skus.isEmpty()) {
            return lookup(parameters.lookupSkus(skus, category, active, afterSku, limit));
        }
        int n = parameters.limit(limit);
        ProductPage page = new ProductPage(json, n, MAX_PAGE_BYTES);
        products.page(
                parameters.category(category), parameters.active(active), parameters.afterSku(afterSku), n, page::add);
        return page.toJson();
    }

    private byte[] lookup(List<String> skus) {
        ProductLookup lookup = new ProductLookup(json, skus.size(), MAX_PAGE_BYTES);
        for (String sku : skus) {
            if (!lookup.hasRoom()) {
                lookup.unread(sku);
                continue;
            }
            Optional<byte[]> product = cache.json(sku);
            if (product.isPresent()) {
                lookup.found(sku, product.get());
            } else {
                lookup.missing(sku);
            }
        }
        return lookup.toJson();
    }

    @GET
    @Path("/stats")
    public CatalogStats stats() {
        return stats.get();
    }
}
