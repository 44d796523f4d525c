package dev.productingest.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.productingest.server.auth.Credentials;
import dev.productingest.server.auth.Scope;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the application port answers before and after a resource runs, on Jersey alone: who may call a route
 * (CallerFilter and RouteScopes, read from each route's {@code @RolesAllowed}), and a resource's refusals and failures
 * as JSON (ErrorAnswers). The whole server's answers, Jetty's own included, are ApiErrorHandlerIntegrationTest's and
 * ReadAccessIntegrationTest's.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RouteAnswersTest {
    private static final String READ_TOKEN = "reader-token-0123456789";
    private static final String INGEST_TOKEN = "producer-token-0123456789";

    private static final ResourceExtension routes = ResourceExtension.builder()
            .addProvider(new CallerFilter(Credentials.builder()
                    .addTokens("reader", Set.of(Scope.READ), List.of(READ_TOKEN))
                    .addTokens("producer", Set.of(Scope.INGEST), List.of(INGEST_TOKEN))
                    .build()))
            .addProvider(new RouteScopes(true))
            .addProvider(new ErrorAnswers())
            .addResource(new Routes())
            .build();

    /** One route of each kind a resource of the server has. */
    @Path("/")
    public static final class Routes {
        @GET
        @Path("jobs")
        @RolesAllowed("read")
        public String jobs() {
            return "jobs";
        }

        @GET
        @Path("products")
        @RolesAllowed({"read", RouteScopes.PUBLIC_READ})
        public String products() {
            return "products";
        }

        @GET
        @Path("unmarked")
        public String unmarked() {
            return "unmarked";
        }

        @GET
        @Path("refused")
        @RolesAllowed(RouteScopes.PUBLIC_READ)
        public String refused() {
            throw new BadRequestException("limit must be between 1 and 1000, not 5000");
        }

        @GET
        @Path("database-away")
        @RolesAllowed(RouteScopes.PUBLIC_READ)
        public String databaseAway() {
            throw new ConnectionException(
                    new SQLException("Connection to db-7.internal.example:5432 refused", "08001"));
        }

        @GET
        @Path("failing")
        @RolesAllowed(RouteScopes.PUBLIC_READ)
        public String failing() {
            throw new IllegalStateException("connection to db-7.internal.example:5432 refused");
        }
    }

    @Test
    void aRouteForReadersAsksAnUnnamedCallerForACredentialBothWays() {
        Response response = get("/jobs", null);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getStringHeaders().get(HttpHeaders.WWW_AUTHENTICATE))
                .anySatisfy(challenge -> assertThat(challenge).startsWith("Basic "))
                .anySatisfy(challenge -> assertThat(challenge).startsWith("Bearer "));
        assertThat(json(response).get("message").asText()).contains("needs a credential");
    }

    @Test
    void aReaderReadsAndAProducerIsToldWhichScopeItLacks() {
        assertThat(get("/jobs", "Bearer " + READ_TOKEN).readEntity(String.class))
                .isEqualTo("jobs");

        Response producer = get("/jobs", "Bearer " + INGEST_TOKEN);

        assertThat(producer.getStatus()).isEqualTo(403);
        assertThat(json(producer).get("message").asText()).contains("'producer'", "the read scope");
    }

    @Test
    void anUnknownTokenIsRefusedEvenOnAPublicRoute() {
        Response response = get("/products", "Bearer not-a-token-of-this-server");

        assertThat(response.getStatus()).isEqualTo(401);
    }

    @Test
    void aPublicReadNeedsNoCredential() {
        assertThat(get("/products", null).readEntity(String.class)).isEqualTo("products");
    }

    @Test
    void aRouteThatNamesNoScopeIsClosedToEveryone() {
        Response response = get("/unmarked", "Bearer " + READ_TOKEN);

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(json(response).get("message").asText()).contains("no credential may read /unmarked");
    }

    @Test
    void aRefusalKeepsItsStatusAndSaysWhatIsWrong() {
        Response response = get("/refused", null);

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("message").asText()).isEqualTo("limit must be between 1 and 1000, not 5000");
        assertThat(body.has("errorId")).isFalse();
    }

    @Test
    void aFailureNamesAnErrorIdAndNothingOfTheServer() {
        Response response = get("/failing", null);

        assertThat(response.getStatus()).isEqualTo(500);
        JsonNode body = json(response);
        assertThat(body.get("errorId").asText()).matches("[0-9a-f]{16}");
        assertThat(body.get("message").asText())
                .contains(body.get("errorId").asText())
                .doesNotContain("db-7", "5432", "Exception");
    }

    @Test
    void aDatabaseThatCannotBeReachedIsAPassingUnavailabilityToRetry() {
        Response response = get("/database-away", null);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        JsonNode body = json(response);
        assertThat(body.get("message").asText())
                .contains(
                        "the database is unavailable",
                        "retry",
                        body.get("errorId").asText())
                .doesNotContain("db-7", "5432", "Exception");
    }

    private static Response get(String path, String authorization) {
        var request = routes.target(path).request();
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return request.get();
    }

    private static JsonNode json(Response response) {
        assertThat(response.getMediaType().toString()).startsWith("application/json");
        return response.readEntity(JsonNode.class);
    }
}
