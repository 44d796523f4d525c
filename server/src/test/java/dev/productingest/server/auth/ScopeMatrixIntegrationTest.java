package dev.productingest.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Bearer;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.ListRejectsRequest;
import dev.productingest.v1.LoadMode;
import dev.productingest.v1.ProductIngestGrpc;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowChunk;
import dev.productingest.v1.RowError;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every RPC and route against every kind of caller, over real sockets: what each scope may do, as docs/security.md
 * lists it. A job of {@code producer} exists for each row; "other" in a column's name means a caller that is not that
 * job's owner.
 */
class ScopeMatrixIntegrationTest {
    // Callers, by the token they carry (none, one the server does not know, or a credential's).
    private static final Map<String, String> TOKENS = new LinkedHashMap<>();

    static {
        TOKENS.put("none", null);
        TOKENS.put("unknown", "guess");
        TOKENS.put("reader", "reader-token");
        TOKENS.put("producer", "producer-token");
        TOKENS.put("other-producer", "snapshotter-token");
        TOKENS.put("admin", "admin-token");
        TOKENS.put("operator", "operator-token");
    }

    // The matrix. UNAUTH: UNAUTHENTICATED / 401; DENIED: PERMISSION_DENIED / 403; NOTFOUND: NOT_FOUND /
    // 404, what a caller learns of another credential's job: no more than of one that does not exist.
    // A token the server does not know is refused everywhere, public reads included: its caller
    // learns at once that it holds the wrong one.
    private static final String MATRIX = """
            call                      none    unknown reader  producer other-producer admin operator
            Ingest                    UNAUTH  UNAUTH  DENIED  OK       OK             OK    DENIED
            Ingest-snapshot           UNAUTH  UNAUTH  DENIED  DENIED   OK             OK    DENIED
            Ingest-share-above-guard  UNAUTH  UNAUTH  DENIED  DENIED   DENIED         OK    DENIED
            GetJob                    UNAUTH  UNAUTH  OK      OK       NOTFOUND       OK    DENIED
            WatchJob                  UNAUTH  UNAUTH  OK      OK       NOTFOUND       OK    DENIED
            ListRejects               UNAUTH  UNAUTH  OK      OK       NOTFOUND       OK    DENIED
            CancelJob                 UNAUTH  UNAUTH  DENIED  OK       NOTFOUND       OK    OK
            Reflection                UNAUTH  UNAUTH  OK      OK       OK             OK    OK
            Health                    OK      OK      OK      OK       OK             OK    OK
            GET-/products             200     401     200     200      200            200   200
            GET-/stats                200     401     200     200      200            200   200
            GET-/jobs                 401     401     200     403      403            200   403
            GET-/jobs/                401     401     200     403      403            200   403
            GET-/jobs/owned           401     401     200     200      404            200   403
            GET-/jobs/owned/rejects   401     401     200     200      404            200   403
            GET-/jobs/owned/rejects.csv 401   401     200     200      404            200   403
            GET-/live/jobs            401     401     200     403      403            200   403
            GET-/                     401     401     200     403      403            200   403
            """;

    private static final String CREDENTIALS = """
            auth:
              credentials:
                - name: reader
                  scopes: [read]
                  tokenSha256: %s
                - name: producer
                  scopes: [ingest]
                  tokenSha256: %s
                - name: snapshotter
                  scopes: [ingest, snapshot]
                  tokenSha256: %s
                - name: admin
                  scopes: [read, ingest, snapshot, admin]
                  tokenSha256: %s
                - name: operator
                  scopes: [admin]
                  tokenSha256: %s
            """.formatted(
                    Credentials.hashOf("reader-token"),
                    Credentials.hashOf("producer-token"),
                    Credentials.hashOf("snapshotter-token"),
                    Credentials.hashOf("admin-token"),
                    Credentials.hashOf("operator-token"));

    private static final String OWNED = "owned";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger JOBS = new AtomicInteger();

    @RegisterExtension
    static final TestServer server = TestServer.perClassWith(CREDENTIALS);

    static Stream<String> calls() {
        return MATRIX.lines().skip(1).map(line -> line.strip().split("\\s+")[0]);
    }

    @ParameterizedTest
    @MethodSource("calls")
    void eachCallerGetsWhatItsScopesAllow(String call) throws Exception {
        // The job the rows ask about: the producer's, with one rejected row.
        List<ProductRow> rows = new ArrayList<>(Products.catalog(2, 0));
        rows.add(Products.row("bad sku", 0));
        assertThat(IngestCall.load(server.asyncStub("producer-token"), OWNED, rows)
                        .summary()
                        .getRejected())
                .isEqualTo(1);

        SoftAssertions softly = new SoftAssertions();
        List<String> expected = expectations(call);
        int column = 0;
        for (Map.Entry<String, String> caller : TOKENS.entrySet()) {
            softly.assertThat(outcome(call, caller.getValue()))
                    .as(call + " by " + caller.getKey())
                    .isEqualTo(expected.get(column++));
        }
        softly.assertAll();
    }

    private static List<String> expectations(String call) {
        return MATRIX.lines()
                .map(String::strip)
                .filter(line -> line.split("\\s+")[0].equals(call))
                .map(line -> Arrays.asList(line.split("\\s+")).subList(1, TOKENS.size() + 1))
                .findFirst()
                .orElseThrow();
    }

    private static String outcome(String call, String token) throws Exception {
        if (call.startsWith("GET-")) {
            return String.valueOf(httpStatus(call.substring("GET-".length()).replace("/owned", "/" + OWNED), token));
        }
        try {
            grpc(call, token);
            return "OK";
        } catch (StatusRuntimeException e) {
            return switch (e.getStatus().getCode()) {
                case UNAUTHENTICATED -> "UNAUTH";
                case PERMISSION_DENIED -> "DENIED";
                case NOT_FOUND -> "NOTFOUND";
                default -> e.getStatus().toString();
            };
        }
    }

    private static void grpc(String call, String token) throws Exception {
        ProductIngestGrpc.ProductIngestBlockingStub blocking =
                token == null ? server.blockingStub() : server.blockingStub(token);
        GetJobRequest owned = GetJobRequest.newBuilder().setJobId(OWNED).build();
        switch (call) {
            case "Ingest" -> load(token, IngestHeader.newBuilder());
            case "Ingest-snapshot" -> load(token, IngestHeader.newBuilder().setMode(LoadMode.SNAPSHOT));
            case "Ingest-share-above-guard" ->
                load(token, IngestHeader.newBuilder().setMode(LoadMode.SNAPSHOT).setMaxRetiredShare(0.9));
            case "GetJob" -> blocking.getJob(owned);
            case "WatchJob" -> blocking.watchJob(owned).forEachRemaining(job -> {});
            case "ListRejects" ->
                blocking.listRejects(
                                ListRejectsRequest.newBuilder().setJobId(OWNED).build())
                        .forEachRemaining((RowError reject) -> {});
            case "CancelJob" -> blocking.cancelJob(owned);
            case "Reflection" -> reflect(token);
            case "Health" ->
                HealthGrpc.newBlockingStub(server.channel())
                        .withInterceptors(interceptors(token))
                        .check(HealthCheckRequest.getDefaultInstance());
            default -> throw new IllegalArgumentException("no such call in the matrix: " + call);
        }
    }

    /** A load of one row as a new job; its status, whatever the job's end. */
    private static void load(String token, IngestHeader.Builder header) {
        ProductIngestGrpc.ProductIngestStub stub = token == null ? server.asyncStub() : server.asyncStub(token);
        List<IngestRequest> requests = List.of(
                IngestRequest.newBuilder()
                        .setHeader(header.setJobId("matrix-" + JOBS.incrementAndGet()))
                        .build(),
                IngestRequest.newBuilder()
                        .setChunk(RowChunk.newBuilder().setFirstOffset(0).addRows(Products.row("M-1", 1)))
                        .build());
        Status status = IngestCall.run(stub, requests).status();
        if (!status.isOk()) {
            throw status.asRuntimeException();
        }
    }

    private static void reflect(String token) throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(server.channel())
                .withInterceptors(interceptors(token))
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        answer.complete(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        try {
            answer.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (StatusRuntimeException) e.getCause();
        } finally {
            requests.onCompleted();
        }
    }

    private static io.grpc.ClientInterceptor[] interceptors(String token) {
        return token == null ? new io.grpc.ClientInterceptor[0] : new io.grpc.ClientInterceptor[] {Bearer.token(token)};
    }

    private static int httpStatus(String path, String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(server.http() + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        // The live feed streams for as long as the connection lives: its status is all that is read.
        HttpResponse<java.io.InputStream> response =
                HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }
}
